"""The `cit` command line. Each command lives in its own module here; app.py wires them."""
