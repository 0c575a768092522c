"""Which data a staff member may see: one division-code prefix, applied in every staff query.

Division codes nest by prefix (city 4313 → county 431381 → township 431381001 → village
431381001001), so "in my subtree" is ``code LIKE prefix%`` on whatever column holds a division
code. Reviewers work on the bank city-wide and see no residents at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, select
from sqlalchemy.sql.elements import ColumnElement

from webapp.extensions import db
from webapp.models import Division, Staff
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


def area_choices(scope: Scope) -> list[tuple[str, str]]:
    """Divisions to filter by inside a scope: counties and townships under a city, townships
    under a county, villages under a township; none under a village."""
    division = db.session.get(Division, scope.division_code)
    below = {"city": ("county", "township"), "county": ("township",), "township": ("village",)}
    levels = below.get(division.level if division and scope.sees_people else "", ())
    if not levels:
        return []
    rows = db.session.scalars(select(Division).where(
        scope.where(Division.code), Division.level.in_(levels)).order_by(Division.code))
    indent = division.level == "city"
    return [(d.code, ("　" if indent and d.level == "township" else "") + d.name) for d in rows]
