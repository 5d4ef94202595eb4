"""What runs inside the jail: the warm zygote, the per-job child, figure capture and the
plotly renderer. Nothing here imports cit; see README.md for the threat model."""
