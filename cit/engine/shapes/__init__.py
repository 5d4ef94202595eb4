"""Data shapes: what a family of chart types shares (data, tables, captions, questions)."""
