"""Shape rules: convolution layers."""

from __future__ import annotations
