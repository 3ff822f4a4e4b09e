"""Shape rules: pooling layers."""

from __future__ import annotations
