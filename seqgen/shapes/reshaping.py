"""Shape rules: reshaping layers."""

from __future__ import annotations
