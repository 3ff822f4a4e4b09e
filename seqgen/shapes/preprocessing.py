"""Shape rules: preprocessing layers."""

from __future__ import annotations
