"""Shared fixtures: where the read-only shared corpora live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """``../shared/corpora`` (present in CI; a missing folder fails in CI, skips elsewhere)."""
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED} is missing: CI must lay ../shared beside the clone")
        pytest.skip(f"{SHARED} not present")
    return SHARED
