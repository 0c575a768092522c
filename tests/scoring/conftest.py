"""Fixtures for the scoring tests: pure data, no app and no database.

``tests/conftest.py`` has an autouse fixture that creates the web app and a migrated database for
every test; scoring needs neither, so it is overridden here with a no-op of the same name.
"""

from __future__ import annotations

import numpy as np
import pytest

from scoring.synthetic import SyntheticCity, synthetic_city


@pytest.fixture(autouse=True)
def _clean():
    return


@pytest.fixture(scope="session")
def loudi() -> SyntheticCity:
    """A synthetic 娄底 (431300) with 8,000 self-selected respondents (fixed seed)."""
    return synthetic_city("431300", 8_000, np.random.default_rng(20250101))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)
