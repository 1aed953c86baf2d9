"""Shared fixtures: paths to the bundled examples and the shared data beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED_LAVROV = EXAMPLES / "000_8aa15447a44d0e3e.txt"
SEED_ADVISERS = EXAMPLES / "004_541ea5cc89ded8a8.txt"


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_lavrov() -> str:
    return SEED_LAVROV.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_advisers() -> str:
    return SEED_ADVISERS.read_text("utf-8")
