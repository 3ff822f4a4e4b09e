"""Shape rules: normalization layers."""

from __future__ import annotations
