"""Choosing practice items: daily (weakest benchmarks, the resident's group), topic, review."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy import func, select

from question_bank.papers import Candidate, NoItemsError, draw_practice
from scoring.people import key_group
from webapp.extensions import db
from webapp.models import Answer, Attempt, AttemptItem, ItemVersion, Resident, ReviewEntry
from webapp.models.base import utcnow
from webapp.services.attempts import Owner, create_attempt, open_test_item_ids
from webapp.services.bank import published_candidates
from webapp.services.clock import china_day
from webapp.services.competitions import competition_item_ids
from webapp.services.review_book import due_item_ids

DAILY_SIZE = 10
TOPIC_SIZE = 10
REVIEW_SIZE = 10  # at most this many due items per review set
#: content areas each key group's plan actions stress (shared/spec/cities.md).
GROUP_AREAS = {
    "farmer": ("agriculture", "health", "emergency", "elderly_smart"),
    "worker": ("work_safety", "health", "emergency"),
    "elderly": ("elderly_smart", "health", "emergency"),
    "cadre": ("frontier_tech", "scientist_spirit", "ecology"),
    "youth": ("frontier_tech", "scientist_spirit", "emergency"),
    "other": ("health", "emergency", "elderly_smart"),
}


def resident_group(resident: Resident, now: dt.datetime) -> str | None:
    if resident.birth_year is None or resident.occupation is None:
        return None
    return key_group(resident.occupation, resident.birth_year, china_day(now).year)


def benchmark_error_rates(resident_id: int, last: int = 300) -> dict[int, float]:
    """Share wrong per benchmark over the resident's latest ``last`` answers."""
    rows = db.session.execute(
        select(ItemVersion.benchmark, Answer.is_correct)
        .join(AttemptItem, AttemptItem.id == Answer.attempt_item_id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(ItemVersion, ItemVersion.id == AttemptItem.item_version_id)
        .where(Attempt.resident_id == resident_id)
        .order_by(Answer.id.desc()).limit(last))
    seen: dict[int, list[int]] = {}
    for bench, correct in rows:
        s = seen.setdefault(bench, [0, 0])
        s[0] += 0 if correct else 1
        s[1] += 1
    return {b: wrong / total for b, (wrong, total) in seen.items()}


def daily_weights(candidates: list[Candidate], error_rates: dict[int, float],
                  group: str | None) -> dict[int, float]:
    """Weight = (1 + 3 × error rate of the benchmark) × 2 if in the group's areas
    × 1.5 if tagged for the group. Unseen benchmarks count as a 0.3 error rate."""
    areas = set(GROUP_AREAS.get(group or "", ()))
    weights = {}
    for c in candidates:
        w = 1 + 3 * error_rates.get(c.benchmark, 0.3)
        if areas & set(c.areas):
            w *= 2
        if group and group in c.groups:
            w *= 1.5
        weights[c.item_id] = w
    return weights


def recent_item_ids(owner: Owner, since: dt.datetime) -> set[int]:
    stmt = (select(ItemVersion.item_id).join(AttemptItem, AttemptItem.item_version_id ==
                                             ItemVersion.id)
            .join(Attempt, Attempt.id == AttemptItem.attempt_id)
            .where(Attempt.started_at >= since))
    stmt = _owned(stmt, owner)
    return set(db.session.scalars(stmt))


def _owned(stmt, owner: Owner):
    if owner.resident_id is not None:
        return stmt.where(Attempt.resident_id == owner.resident_id)
    return stmt.where(Attempt.guest_token == owner.guest_token)


def hidden_item_ids(owner: Owner | None, now: dt.datetime | None = None) -> set[int]:
    """Items practice must not show, because it shows the key after each answer: those of the
    resident's open assessment or competition entry, and of every competition not yet ended."""
    held = competition_item_ids(now or utcnow())
    if owner is not None and owner.resident_id is not None:
        held |= open_test_item_ids(owner.resident_id)
    return held


def todays_attempt(owner: Owner, kind: str, now: dt.datetime) -> Attempt | None:
    stmt = select(Attempt).where(Attempt.kind == kind, Attempt.day == china_day(now))
    return db.session.scalar(_owned(stmt, owner).order_by(Attempt.id.desc()).limit(1))


def start_daily(owner: Owner, resident: Resident | None, now: dt.datetime) -> Attempt:
    """Today's 10 items (one set per day; coming back resumes it)."""
    existing = todays_attempt(owner, "daily", now)
    if existing is not None:
        return existing
    candidates = published_candidates()
    group = resident_group(resident, now) if resident else None
    rates = benchmark_error_rates(resident.id) if resident else {}
    seed = secrets.randbits(31)
    rng = random.Random(seed)
    hidden = hidden_item_ids(owner, now)
    exclude = recent_item_ids(owner, now - dt.timedelta(days=3)) | hidden
    picks = draw_practice(candidates, DAILY_SIZE, rng, exclude=exclude,
                          weights=daily_weights(candidates, rates, group))
    if len(picks) < DAILY_SIZE:  # a small bank: allow recent items again
        picks = draw_practice(candidates, DAILY_SIZE, rng, exclude=hidden,
                              weights=daily_weights(candidates, rates, group))
    return create_attempt(owner, "daily", picks, now, rng, seed=seed)


def start_topic(owner: Owner, now: dt.datetime, *, area: str | None = None,
                benchmark: int | None = None, size: int = TOPIC_SIZE) -> Attempt:
    """A topic set for an area or a benchmark. :raises NoItemsError: nothing matches."""
    seed = secrets.randbits(31)
    rng = random.Random(seed)
    picks = draw_practice(published_candidates(), size, rng, area=area, benchmark=benchmark,
                          exclude=hidden_item_ids(owner, now))
    topic = f"area:{area}" if area else f"benchmark:{benchmark}" if benchmark else ""
    return create_attempt(owner, "topic", picks, now, rng, topic=topic, seed=seed)


def start_review(resident_id: int, now: dt.datetime) -> Attempt:
    """The items due in the review book. :raises NoItemsError: nothing is due."""
    hidden = hidden_item_ids(Owner(resident_id=resident_id), now)
    due = due_item_ids(resident_id, china_day(now), limit=REVIEW_SIZE + len(hidden))
    wanted = [i for i in due if i not in hidden][:REVIEW_SIZE]
    picks = [c for c in published_candidates() if c.item_id in set(wanted)]
    if not picks:
        if hidden.intersection(due):
            raise NoItemsError("要复习的错题正在您的测评或正在进行的竞赛里，"
                               "测评交卷、竞赛结束后再来复习。")
        raise NoItemsError("今天没有需要复习的错题")
    seed = secrets.randbits(31)
    rng = random.Random(seed)
    rng.shuffle(picks)
    return create_attempt(Owner(resident_id=resident_id), "review", picks, now, rng, seed=seed)


def count_due(resident_id: int, today: dt.date) -> int:
    return db.session.scalar(select(func.count(ReviewEntry.id)).where(
        ReviewEntry.resident_id == resident_id, ReviewEntry.cleared_at.is_(None),
        ReviewEntry.due_on <= today)) or 0
