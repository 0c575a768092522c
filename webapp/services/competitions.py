"""Competitions: organisers create one for their division; residents living there enter once.

Every entrant answers the same items (drawn when the competition is created, spread over the
benchmarks) in their own option order. An entry is an attempt of kind ``competition`` with a
deadline of ``minutes`` after starting, never past the competition's end. Keys and explanations
are shown only after the competition has ended, so entrants cannot pass them on while it runs.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from question_bank.papers import Candidate, NoItemsError, draw_competition_paper
from scoring.rules import ScoringRules
from webapp.extensions import db
from webapp.models import (
    Attempt,
    Competition,
    CompetitionEntryPlace,
    CompetitionItem,
    Division,
    ItemVersion,
    Resident,
    Staff,
)
from webapp.models.competition import MAX_MINUTES
from webapp.services import audit
from webapp.services.answering import complete_if_overdue
from webapp.services.attempts import Owner, create_attempt
from webapp.services.bank import published_candidates
from webapp.services.clock import china_time, china_when
from webapp.services.competition_units import UnitsRefused, build_units, parse_units, record_unit
from webapp.services.scope import Scope

#: a competition's status (Competition.status) in words.
STATUS_NAMES = {"open": "进行中", "upcoming": "未开始", "ended": "已结束", "cancelled": "已取消"}
#: ended competitions stay on residents' lists this long (their results and keys).
ENDED_LISTED_DAYS = 30
#: the longest window an organiser may set.
MAX_WINDOW_DAYS = 92


class CompetitionRefused(ValueError):
    """Not created or not entered; the message says why, in Chinese. ``entry`` is the
    resident's existing entry when that is the reason; ``field`` names the draft's field the
    message is about, so a form can show it there."""

    def __init__(self, message: str, entry: Attempt | None = None, field: str = "") -> None:
        super().__init__(message)
        self.entry = entry
        self.field = field


@dataclass(frozen=True)
class CompetitionDraft:
    title: str
    description: str
    division_code: str
    area: str | None
    item_count: int
    minutes: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    units_text: str = ""  # units (单位) entrants choose from, one per line; "" for none


def check_window(starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> None:
    """:raises CompetitionRefused: the window is reversed, already over, or longer than
        ``MAX_WINDOW_DAYS``."""
    if ends_at <= starts_at:
        raise CompetitionRefused("结束时间要晚于开始时间", field="ends_at")
    if ends_at <= now:
        raise CompetitionRefused("结束时间已经过去了", field="ends_at")
    if ends_at - starts_at > dt.timedelta(days=MAX_WINDOW_DAYS):
        raise CompetitionRefused(f"竞赛时间最长 {MAX_WINDOW_DAYS} 天", field="ends_at")


#: a new start may lie this far back (an organiser who means "now" types the current time,
#: which has passed by the time the form is sent); further back is a mistyped date
START_GRACE = dt.timedelta(hours=2)


def check_start(starts_at: dt.datetime, now: dt.datetime) -> None:
    """:raises CompetitionRefused: a start (new or moved) well in the past, which would show
        residents a competition that seemingly began before anyone could know of it."""
    if starts_at < now - START_GRACE:
        raise CompetitionRefused("开始时间已经过去了，请填现在或以后的时间", field="starts_at")


def create_competition(draft: CompetitionDraft, actor, scope: Scope, now: dt.datetime,
                       ip: str | None = None, seed: int | None = None) -> Competition:
    """Check the draft, draw its paper and store it with an audit event (flush only).

    :raises CompetitionRefused: a division outside ``scope``, a window that is reversed, already
        over or longer than ``MAX_WINDOW_DAYS``, a bad list of units, or a bank with too few
        matching items.
    """
    if not scope.contains(draft.division_code):
        raise CompetitionRefused("只能为您管辖范围内的地区组织竞赛", field="division_code")
    check_window(draft.starts_at, draft.ends_at, now)
    check_start(draft.starts_at, now)
    if not 1 <= draft.minutes <= MAX_MINUTES:
        raise CompetitionRefused(f"答题时间应在 1 到 {MAX_MINUTES} 分钟之间",
                                 field="minutes")
    try:
        unit_names = parse_units(draft.units_text)
    except UnitsRefused as exc:
        raise CompetitionRefused(str(exc), field="units_text") from exc
    seed = secrets.randbits(31) if seed is None else seed
    try:
        paper = draw_competition_paper(published_candidates(), draft.item_count,
                                       random.Random(seed), area=draft.area)
    except NoItemsError as exc:
        raise CompetitionRefused(f"题库题目不够：{exc}。请减少题数或换一个主题。",
                                 field="item_count") from exc
    versions = {(v.item_id, v.version): v.id for v in db.session.scalars(
        select(ItemVersion).where(ItemVersion.item_id.in_([c.item_id for c in paper])))}
    competition = Competition(
        title=draft.title.strip(), description=draft.description.strip(),
        division_code=draft.division_code, area=draft.area, item_count=draft.item_count,
        minutes=draft.minutes, starts_at=draft.starts_at, ends_at=draft.ends_at, seed=seed,
        created_by_id=actor.id, created_at=now, units=build_units(unit_names),
        items=[CompetitionItem(position=n, item_version_id=versions[(c.item_id, c.version)])
               for n, c in enumerate(paper, start=1)])
    db.session.add(competition)
    db.session.flush()
    window = f"{china_time(draft.starts_at)} 至 {china_time(draft.ends_at)}"
    audit.record(actor, "create", "competition", competition.id,
                 summary=f"组织竞赛“{competition.title}”（{window}）",
                 division_code=draft.division_code, ip=ip, now=now)
    return competition


def competitions_in(scope: Scope) -> Select:
    """Competitions organised for divisions in the staff member's subtree, newest first."""
    return (select(Competition).where(scope.where(Competition.division_code))
            .order_by(Competition.starts_at.desc(), Competition.id.desc()))


def get_competition(competition_id: int, scope: Scope | None = None) -> Competition | None:
    """The competition; with ``scope``, only when organised inside it (else None)."""
    competition = db.session.get(Competition, competition_id)
    if competition is None or (scope is not None and not scope.contains(
            competition.division_code)):
        return None
    return competition


def organisers(competitions: list[Competition]) -> dict[int, str]:
    """Who organises each competition, by id: the name of the division of the staff member who
    created it. The competition's own division is whose residents may enter, which may lie
    below the organiser's (a county's competition for one township)."""
    if not competitions:
        return {}
    return dict(db.session.execute(
        select(Competition.id, Division.name)
        .join(Staff, Staff.id == Competition.created_by_id)
        .join(Division, Division.code == Staff.division_code)
        .where(Competition.id.in_([c.id for c in competitions]))).all())


def organised_within(competition: Competition, scope: Scope) -> bool:
    """True when the competition's organiser (the creating staff member's division) lies in
    ``scope``: the organiser and the levels above may change or cancel it; a township inside a
    county's competition may follow it but not overrule the county."""
    creator = db.session.get(Staff, competition.created_by_id)
    return creator is not None and scope.contains(creator.division_code)


def home_codes(resident: Resident) -> list[str]:
    """The resident's village, township, county and city: the divisions whose competitions
    they may enter."""
    codes = [c for c in (resident.village_code, resident.township_code, resident.county_code)
             if c]
    if codes:
        division = db.session.get(Division, codes[0])
        if division is not None:
            codes.append(division.city_code)
    return codes


def finished_by(resident: Resident | None, competitions: list[Competition]) -> set[int]:
    """Ids of those ``competitions`` the resident has finished their entry of."""
    if resident is None or not competitions:
        return set()
    return set(db.session.scalars(select(Attempt.competition_id).where(
        Attempt.resident_id == resident.id, Attempt.finished_at.is_not(None),
        Attempt.competition_id.in_([c.id for c in competitions]))))


def may_enter(competition: Competition, resident: Resident | None) -> bool:
    return resident is not None and competition.division_code in home_codes(resident)


def listed_for(resident: Resident | None, now: dt.datetime) -> list[Competition]:
    """Competitions a resident sees: those of their home divisions (all, for a visitor without
    a place) that are open, upcoming, or ended in the last ``ENDED_LISTED_DAYS`` days. Open
    ones first (ending soonest first), then upcoming, then the most recently ended."""
    stmt = select(Competition).where(
        Competition.ends_at > now - dt.timedelta(days=ENDED_LISTED_DAYS),
        Competition.cancelled_at.is_(None))
    codes = home_codes(resident) if resident is not None else []
    if codes:
        stmt = stmt.where(Competition.division_code.in_(codes))
    order = {"open": 0, "upcoming": 1, "ended": 2}
    found = list(db.session.scalars(stmt))
    return sorted(found, key=lambda c: (
        order[c.status(now)],
        -c.ends_at.timestamp() if c.status(now) == "ended" else c.ends_at.timestamp()))


def entry_of(competition: Competition, resident_id: int) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(
        Attempt.competition_id == competition.id, Attempt.resident_id == resident_id))


def entries_of(resident_id: int, competitions: list[Competition]) -> dict[int, Attempt]:
    """The resident's entries in these competitions, by competition id (one query)."""
    if not competitions:
        return {}
    return {entry.competition_id: entry for entry in db.session.scalars(select(Attempt).where(
        Attempt.resident_id == resident_id,
        Attempt.competition_id.in_([c.id for c in competitions])))}


def close_if_overdue(entry: Attempt | None, now: dt.datetime) -> Attempt | None:
    """Score an open entry whose time is up with the answers it holds (flush only)."""
    if entry is not None:
        complete_if_overdue(entry, now, ScoringRules())
    return entry


def close_overdue_entries(now: dt.datetime, competition: Competition | None = None,
                          resident_id: int | None = None) -> int:
    """Score every open entry whose time is up (of one competition, or of one resident) with
    the answers it holds (flush only); how many. Standings, counts, exports and the review book
    call it first, so an entrant who walked away is ranked without coming back."""
    # "score IS NULL" says "open" too (check constraint finished_has_score) and lets the
    # standings index (competition, score, …) find the few open entries among many finished
    stmt = select(Attempt).where(Attempt.kind == "competition", Attempt.finished_at.is_(None),
                                 Attempt.score.is_(None), Attempt.deadline_at < now)
    if competition is not None:
        stmt = stmt.where(Attempt.competition_id == competition.id)
    if resident_id is not None:
        stmt = stmt.where(Attempt.resident_id == resident_id)
    closed = 0
    for entry in db.session.scalars(stmt).all():
        closed += complete_if_overdue(entry, now, ScoringRules())
    return closed


def start_entry(competition: Competition, resident: Resident, now: dt.datetime,
                unit_id: int | None = None) -> Attempt:
    """Resume the resident's entry, or start it with the competition's paper (flush only);
    ``unit_id`` is the entrant's unit, needed when the competition lists units.

    :raises CompetitionRefused: no profile yet, lives outside the competition's division, the
        competition has not started, has ended or was cancelled, no unit of the competition's
        chosen (``field`` "unit"), or the resident has already finished (or run out of time on)
        their one entry, which the exception carries.
    """
    if not resident.has_profile:
        raise CompetitionRefused("请先填写个人信息（所在村/社区等），再参加竞赛。")
    if not may_enter(competition, resident):
        raise CompetitionRefused(f"本次竞赛只面向{competition.division.name}的居民。")
    entry = close_if_overdue(entry_of(competition, resident.id), now)
    if entry is not None:
        if entry.finished_at is None:
            return entry
        raise CompetitionRefused("您已经参加过本次竞赛，每人只有一次机会。", entry)
    status = competition.status(now)
    if status == "cancelled":
        raise CompetitionRefused(f"本次竞赛已取消：{competition.cancel_reason}")
    if status == "upcoming":
        raise CompetitionRefused(
            f"竞赛还没有开始，{china_when(competition.starts_at, now)} 开始。")
    if status == "ended":
        raise CompetitionRefused(f"竞赛已于 {china_when(competition.ends_at, now)} 结束。")
    seed = secrets.randbits(31)
    picks = [Candidate(ci.version.item_id, ci.version.version, ci.version.type,
                       ci.version.benchmark, ci.version.dimension) for ci in competition.items]
    deadline = min(now + dt.timedelta(minutes=competition.minutes), competition.ends_at)
    try:
        with db.session.begin_nested():
            entry = create_attempt(Owner(resident_id=resident.id), "competition", picks, now,
                                   random.Random(seed), seed=seed, deadline_at=deadline,
                                   competition_id=competition.id,
                                   topic=f"competition:{competition.id}")
            db.session.add(CompetitionEntryPlace(
                attempt_id=entry.id, county_code=resident.county_code,
                township_code=resident.township_code, village_code=resident.village_code))
            record_unit(competition, entry, unit_id)
            return entry
    except UnitsRefused as exc:
        raise CompetitionRefused(str(exc), field="unit") from exc
    except IntegrityError:
        # a double tap on 开始答题 created the entry after we looked: resume it
        other = entry_of(competition, resident.id)
        if other is None:
            raise
        return other


def competition_item_ids(now: dt.datetime) -> set[int]:
    """Items (any version) of competitions not yet ended, upcoming ones included (their papers
    are drawn when they are created): practice leaves them out and results hold their keys, so
    no one can learn a competition's keys elsewhere on the site before it ends."""
    return set(db.session.scalars(
        select(ItemVersion.item_id)
        .join(CompetitionItem, CompetitionItem.item_version_id == ItemVersion.id)
        .join(Competition, Competition.id == CompetitionItem.competition_id)
        .where(Competition.ends_at > now, Competition.cancelled_at.is_(None))))


def minutes_to_end(competition: Competition, now: dt.datetime) -> int | None:
    """Whole minutes (rounded up) until an open competition ends, when that is less than its
    time limit: an entry started now gets only that long (its deadline is cut to the end)."""
    if competition.status(now) != "open":
        return None
    left = math.ceil((competition.ends_at - now).total_seconds() / 60)
    return left if left < competition.minutes else None


def keys_public(competition: Competition, now: dt.datetime) -> bool:
    """Keys and explanations are shown once the competition has ended or been cancelled."""
    return competition.status(now) in ("ended", "cancelled")
