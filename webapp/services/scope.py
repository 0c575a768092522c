"""Which data a staff member may see: one division-code prefix, applied in every staff query.

Division codes nest by prefix (city 4313 → county 431381 → township 431381001 → village
431381001001), so "in my subtree" is ``code LIKE prefix%`` on whatever column holds a division
code. Reviewers work on the bank city-wide and see no residents at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false
from sqlalchemy.sql.elements import ColumnElement

from webapp.models import Staff
from webapp.services.divisions import code_prefix

PEOPLE_ROLES = ("city_admin", "county_admin", "township_staff", "village_staff")


@dataclass(frozen=True)
class Scope:
    """The subtree of ``division_code``; ``prefix`` is what every code in it starts with."""

    division_code: str
    prefix: str
    sees_people: bool

    def contains(self, code: str | None) -> bool:
        """True when the division ``code`` lies in this subtree (and people may be seen)."""
        return bool(code) and self.sees_people and code.startswith(self.prefix)

    def where(self, column) -> ColumnElement[bool]:
        """A WHERE clause keeping rows whose ``column`` (a division code) is in the subtree."""
        if not self.sees_people:
            return false()
        return column.startswith(self.prefix, autoescape=True)


def scope_of(staff: Staff) -> Scope:
    """The scope of a staff account: its division's subtree; nothing for reviewers."""
    return Scope(staff.division_code, code_prefix(staff.division_code),
                 staff.role in PEOPLE_ROLES)
