"""Which birth years are believable: one rule for residents' profiles, the staff roster form
and roster imports, so a person accepted in one place is not refused in another."""

from __future__ import annotations

#: no one living is older (the oldest recorded person reached 122)
OLDEST_AGE = 120
#: residents' own accounts: a younger child practises as a guest; the roster lists children
YOUNGEST_ACCOUNT_AGE = 10


def is_plausible_birth_year(year: int | None, this_year: int, youngest_age: int = 0) -> bool:
    """From ``this_year - OLDEST_AGE`` up to ``this_year - youngest_age`` (by default a baby
    born this year counts)."""
    return year is not None and this_year - OLDEST_AGE <= year <= this_year - youngest_age
