"""plotly chart types."""
