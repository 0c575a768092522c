"""Units (单位) of a competition: the schools, workplaces and bureaus an organiser lists so that
units can be compared as well as places. Each entrant chooses theirs when starting; the staff
and residents' pages show how many of each unit finished and how many items they got right on
average."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Attempt, Competition, CompetitionEntryUnit, CompetitionUnit
from webapp.models.competition import MAX_UNIT_NAME, MAX_UNITS
from webapp.services.standings import competition_cached, finished_entries

#: the choice offered after the listed units to entrants who belong to none of them (a farmer
#: in a competition of schools and firms); they keep no unit row and are counted apart.
OTHER_UNIT_ID = 0
OTHER_UNIT_NAME = "其他（不属于以上单位）"


#: how organisers write their own "other" unit (其它 is a common variant)
OTHER_PREFIXES = ("其他", "其它", "其余")


def offers_other(competition: Competition) -> bool:
    """The competition lists units and none of them is the organiser's own 其他."""
    return bool(competition.units) and not any(
        u.name.strip().startswith(OTHER_PREFIXES) for u in competition.units)


class UnitsRefused(ValueError):
    """The organiser's list of units or the entrant's choice; the message says why, in Chinese."""


@dataclass(frozen=True)
class UnitResult:
    name: str
    entrants: int  # finished entries
    mean_right: float | None  # None: no one of the unit has finished
    mean_seconds: float | None


def parse_units(text: str, listed: Collection[str] = ()) -> list[str]:
    """Unit names from the organiser's text, one per line (blank lines skipped), to go after
    the ``listed`` ones.

    :raises UnitsRefused: naming the line of a name that is too long, repeated or already
        listed, or too many in all.
    """
    names: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        name = " ".join(line.split())
        if not name:
            continue
        if len(name) > MAX_UNIT_NAME:
            raise UnitsRefused(f"第 {number} 行的单位名称超过 {MAX_UNIT_NAME} 个字")
        if name in seen:
            raise UnitsRefused(f"第 {number} 行的“{name}”和第 {seen[name]} 行重复了")
        if name in listed:
            raise UnitsRefused(f"第 {number} 行的“{name}”已经在参赛单位里了")
        seen[name] = number
        names.append(name)
    if len(listed) + len(names) > MAX_UNITS:
        raise UnitsRefused(f"参赛单位最多 {MAX_UNITS} 个，现在有 {len(listed) + len(names)} 个")
    return names


def build_units(names: list[str], after: int = 0) -> list[CompetitionUnit]:
    """Units for ``names``, numbered on from position ``after``."""
    return [CompetitionUnit(position=n, name=name)
            for n, name in enumerate(names, start=after + 1)]


def add_units(competition: Competition, text: str) -> list[str]:
    """Append the units named in ``text`` to the competition's list (flush only); the names
    added. Units are never removed: entrants may have chosen them. A list cannot be begun
    once anyone has entered without one.

    :raises UnitsRefused: as :func:`parse_units`.
    """
    listed = [u.name for u in competition.units]
    names = parse_units(text, listed)
    if names and not listed:
        # those who began found no list to choose from: they would be counted as 其他
        began = db.session.scalar(select(func.count(Attempt.id)).where(
            Attempt.competition_id == competition.id)) or 0
        if began:
            raise UnitsRefused(f"已有 {began} 人开始答题，那时还没有列出单位，没法补选；"
                               "要按单位比较，请另办一场列出单位的竞赛")
    last = max((u.position for u in competition.units), default=0)
    competition.units.extend(build_units(names, after=last))
    db.session.flush()
    return names


def record_unit(competition: Competition, entry: Attempt, unit_id: int | None) -> None:
    """Store the entrant's unit (flush only); a competition without units needs none.

    :raises UnitsRefused: the competition lists units and ``unit_id`` is none of them.
    """
    if not competition.units or (unit_id == OTHER_UNIT_ID and offers_other(competition)):
        return
    if unit_id not in {u.id for u in competition.units}:
        raise UnitsRefused("请选择您所在的单位")
    db.session.add(CompetitionEntryUnit(attempt_id=entry.id, unit_id=unit_id))
    db.session.flush()


def unit_of(entry: Attempt) -> CompetitionUnit | None:
    return db.session.scalar(select(CompetitionUnit).join(
        CompetitionEntryUnit, CompetitionEntryUnit.unit_id == CompetitionUnit.id).where(
        CompetitionEntryUnit.attempt_id == entry.id))


def unit_results(competition: Competition) -> list[UnitResult]:
    """Every listed unit with its finished entrants, most entrants first, then most right on
    average; units no one has finished for come last, in the organiser's order; then those
    who chose :data:`OTHER_UNIT_NAME`, when any did."""
    if not competition.units:
        return []
    # entries without a unit row (key None) are those who chose 其他
    tallies = {row.unit_id: row for row in db.session.execute(
        select(CompetitionEntryUnit.unit_id, func.count(Attempt.id).label("entrants"),
               func.avg(Attempt.score).label("right"),
               func.avg(Attempt.seconds_used).label("seconds"))
        .select_from(Attempt)
        .outerjoin(CompetitionEntryUnit, CompetitionEntryUnit.attempt_id == Attempt.id)
        .where(finished_entries(competition))
        .group_by(CompetitionEntryUnit.unit_id))}

    def result(name: str, key: int | None) -> UnitResult:
        tally = tallies.get(key)
        return UnitResult(name, tally.entrants if tally else 0,
                          round(float(tally.right), 1) if tally else None,
                          float(tally.seconds) if tally else None)

    results = [result(unit.name, unit.id) for unit in competition.units]
    order = {unit.name: unit.position for unit in competition.units}
    results.sort(key=lambda r: (-r.entrants, -(r.mean_right or 0), order[r.name]))
    if offers_other(competition) and None in tallies:
        results.append(result(OTHER_UNIT_NAME, None))
    return results


def recent_unit_results(competition: Competition, now: dt.datetime) -> list[UnitResult]:
    """:func:`unit_results`, reused on the residents' page like its table of places."""
    return competition_cached(("units", competition.id), now, lambda: unit_results(competition))
