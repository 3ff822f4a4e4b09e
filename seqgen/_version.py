"""seqgen's version: the one place it is written (hatch reads it; `seqgen --version` shows it)."""

__version__ = "0.1.0"
