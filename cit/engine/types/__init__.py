"""Chart type modules, one per type and library; see cit/engine/README.md."""
