"""The OpenTask command-line client: standard library only."""

__version__ = "0.2.0"
