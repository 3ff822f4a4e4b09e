"""Shape rules: recurrent layers."""

from __future__ import annotations
