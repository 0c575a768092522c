"""A competition's whole standings as a spreadsheet, for organisers handing out prizes or
reporting upward: every finished entry in rank order, phone numbers masked as on the page."""

from __future__ import annotations

from sqlalchemy import select

from question_bank.spreadsheets import write_table
from scoring.standings import MIN_SECONDS_PER_ITEM, too_fast
from webapp.extensions import db
from webapp.formatting import duration
from webapp.models import (
    Competition,
    CompetitionEntryUnit,
    CompetitionUnit,
)
from webapp.services.clock import china_time
from webapp.services.competition_units import OTHER_UNIT_NAME, offers_other, unit_results
from webapp.services.divisions import by_codes
from webapp.services.standings import entrant_label, ranked_entries

HEADERS = ["名次", "参赛者", "县（市、区）", "乡镇（街道）", "村（社区）", "答对题数", "总题数",
           "用时", "用时（秒）", "交卷时间（北京时间）", "提示"]
#: the note on an entry answered faster than anyone reads (scoring.standings.too_fast).
TOO_FAST_NOTE = f"用时很短（平均每题不到 {MIN_SECONDS_PER_ITEM} 秒），发奖前请核实"


def headers(competition: Competition) -> list[str]:
    """:data:`HEADERS`, with the entrant's unit after their place when the competition lists
    units."""
    return HEADERS[:5] + ["单位"] + HEADERS[5:] if competition.units else HEADERS


def standings_rows(competition: Competition) -> list[list[object]]:
    """One row per finished entry, in standing order (the rule of :mod:`scoring.standings`),
    laid out as :func:`headers`."""
    ranked = ranked_entries(competition)
    places = by_codes({code for _, r in ranked for code in (r.county_code, r.township_code)
                       if code})
    units = dict(db.session.execute(
        select(CompetitionEntryUnit.attempt_id, CompetitionUnit.name)
        .join(CompetitionUnit, CompetitionUnit.id == CompetitionEntryUnit.unit_id)
        .where(CompetitionUnit.competition_id == competition.id)).all())

    def name(code: str | None) -> str:
        return places[code].name if code in places else ""

    other = OTHER_UNIT_NAME if offers_other(competition) else ""
    out = []
    for rank, r in ranked:
        row = [rank, entrant_label(r), name(r.county_code), name(r.township_code),
               r.village_name or "", r.score, competition.item_count,
               duration(r.seconds_used), r.seconds_used, china_time(r.finished_at),
               TOO_FAST_NOTE if too_fast(r.seconds_used, competition.item_count) else ""]
        if competition.units:
            row.insert(5, units.get(r.id, other))
        out.append(row)
    return out


UNIT_HEADERS = ["单位", "答完人数", "平均答对题数", "平均用时（秒）"]


def export_standings(competition: Competition, filename: str) -> tuple[bytes, int]:
    """The standings as .xlsx (or .csv) bytes and the number of rows. A workbook of a
    competition listing units has a second sheet comparing them, as its page does."""
    rows = standings_rows(competition)
    units = [("各单位", UNIT_HEADERS, [
        [u.name, u.entrants, u.mean_right,
         round(u.mean_seconds) if u.mean_seconds is not None else None]
        for u in unit_results(competition)])] if competition.units else []
    return write_table(headers(competition), rows, filename, sheet="竞赛成绩",
                       more_sheets=units), len(rows)
