"""Writes of the core capability: the partnership's configuration (partnership.py) and the
persistent clocks (timekeeping.py)."""
