"""reader: a keyboard-driven news reader for the terminal."""

__version__ = "0.1.0"
