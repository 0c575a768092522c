"""The standard assessment: who may start one, the paper, and finishing it."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from question_bank.papers import BlueprintError, draw_standard_paper
from scoring.rules import ScoringRules
from webapp.extensions import db
from webapp.models import Attempt, Resident
from webapp.services.answering import complete_if_overdue
from webapp.services.attempts import Owner, create_attempt
from webapp.services.bank import published_candidates
from webapp.services.clock import china_when
from webapp.services.competitions import competition_item_ids


class AssessmentUnavailable(ValueError):
    """The resident cannot start now; the message says why and when, in Chinese.

    ``closed`` is the open attempt this call found past its deadline and scored, if any."""

    def __init__(self, message: str, closed: Attempt | None = None) -> None:
        super().__init__(message)
        self.closed = closed


@dataclass(frozen=True)
class AssessmentSettings:
    rules: ScoringRules
    minutes: int
    retake_days: int


def settings_from(config: dict) -> AssessmentSettings:
    rules = ScoringRules(
        thresholds=dict(config["LEVEL_THRESHOLDS"]),
        comparison=config["LEVEL_COMPARISON"],
        standard_pass_share=config["STANDARD_PASS_SHARE"],
    )
    return AssessmentSettings(rules, config["ASSESSMENT_MINUTES"], config["RETAKE_DAYS"])


def open_assessment(resident_id: int) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .where(
            Attempt.resident_id == resident_id,
            Attempt.kind == "assessment",
            Attempt.finished_at.is_(None),
        )
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def answerable_assessment(resident_id: int, now: dt.datetime, rules: ScoringRules
                          ) -> Attempt | None:
    """The open assessment the resident can still answer. One found past its deadline is
    scored now with the answers it holds (flush only), so that no page offers to continue it."""
    current = open_assessment(resident_id)
    if current is not None and complete_if_overdue(current, now, rules):
        return None
    return current


def latest_result(resident_id: int) -> Attempt | None:
    """The resident's latest finished assessment: the one that counts."""
    return db.session.scalar(
        select(Attempt)
        .where(
            Attempt.resident_id == resident_id,
            Attempt.kind == "assessment",
            Attempt.finished_at.is_not(None),
        )
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
        .limit(1)
    )


def next_allowed_at(resident_id: int, settings: AssessmentSettings) -> dt.datetime | None:
    latest = latest_result(resident_id)
    if latest is None:
        return None
    return latest.finished_at + dt.timedelta(days=settings.retake_days)


def start_assessment(resident: Resident, settings: AssessmentSettings, now: dt.datetime) -> Attempt:
    """Resume the open attempt, or draw a new standard paper.

    An open attempt past its deadline is scored first with the answers it holds (as answering
    after the deadline does), and the waiting period then counts from it. A resident has at
    most one open assessment (a partial unique index): when another request (a double tap)
    has just created it, that attempt is returned.

    :raises AssessmentUnavailable: no profile yet, or inside the waiting period for a retake.
    """
    if not resident.has_profile:
        raise AssessmentUnavailable("请先填写个人信息（所在村/社区等），再参加测评。")
    current = open_assessment(resident.id)
    closed = None
    if current is not None:
        if not complete_if_overdue(current, now, settings.rules):
            return current
        closed = current
    allowed = next_allowed_at(resident.id, settings)
    if allowed is not None and now < allowed:
        raise AssessmentUnavailable(
            f"距离上次测评不足 {settings.retake_days} 天，"
            f"请在 {china_when(allowed, now)} 之后再测。",
            closed,
        )
    seed = secrets.randbits(31)
    rng = random.Random(seed)
    paper = _standard_paper(rng, now)
    try:
        with db.session.begin_nested():
            return create_attempt(Owner(resident_id=resident.id), "assessment", paper, now, rng,
                                  minutes=settings.minutes, seed=seed)
    except IntegrityError:
        # another request created the resident's open assessment after we looked: resume it
        other = open_assessment(resident.id)
        if other is None:
            raise
        return other


def _standard_paper(rng: random.Random, now: dt.datetime) -> list:
    """The standard paper, without items of competitions not yet ended when the bank allows:
    the result's score and benchmark bars would otherwise tell their keys. When those
    competitions hold every item of some benchmark or dimension, the 《基准》's coverage comes
    first and the paper may share items (their explanations still wait, see results.py)."""
    candidates = published_candidates()
    held = competition_item_ids(now)
    if held:
        try:
            return draw_standard_paper([c for c in candidates if c.item_id not in held], rng)
        except BlueprintError:
            pass
    return draw_standard_paper(candidates, rng)
