"""seaborn chart types."""
