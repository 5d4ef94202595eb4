"""matplotlib chart types."""
