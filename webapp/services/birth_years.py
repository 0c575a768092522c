"""Which birth years are believable: one rule for residents' profiles, the staff roster form
and roster imports, so a person accepted in one place is not refused in another."""

from __future__ import annotations

#: no one living is older (the oldest recorded person reached 122)
OLDEST_AGE = 120


def is_plausible_birth_year(year: int | None, this_year: int) -> bool:
    """From ``this_year - OLDEST_AGE`` up to ``this_year`` (a baby born this year counts)."""
    return year is not None and this_year - OLDEST_AGE <= year <= this_year
