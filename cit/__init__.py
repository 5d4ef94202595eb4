"""cit: chart-reasoning data for VLMs by Code-as-Intermediary Translation."""

__version__ = "0.1.0"
