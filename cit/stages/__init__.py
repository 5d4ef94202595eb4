"""Pipeline stages, one module per stage. Each module exposes its stage class as `STAGE`.

Stages never import each other; `cit.runner` picks them by name from the config.
"""
