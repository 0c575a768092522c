"""Attempts on the server: create a paper, store each answer once, finish and score.

Keys never leave here before the answer is stored: views get :class:`QuestionView` values
without keys, and :class:`Feedback` only for an answered position (answers are stored by
:mod:`webapp.services.answer_slot`).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from question_bank.papers import Candidate
from question_bank.types import ITEM_TYPES, LETTERS
from scoring.rules import ItemOutcome, ScoringRules, score_paper
from webapp.extensions import db
from webapp.models import Answer, Attempt, AttemptItem, ItemVersion
from webapp.models.quiz import TEST_KINDS
from webapp.services.clock import china_day


class AnswerRefused(ValueError):
    """An answer that is not stored; the message tells the resident why, in Chinese."""


class TooFewChoices(AnswerRefused):
    """One option ticked on a multiple-choice item. The question page says so itself, under
    the stem, so the pages do not repeat it in a message above."""


@dataclass(frozen=True)
class Owner:
    """Whose attempt: a resident id, or a guest token from the session."""

    resident_id: int | None = None
    guest_token: str | None = None
    #: the session's password token (see ``webapp.models.session_ids``), when read from the
    #: session without loading the account: the answer path checks it against the owner's.
    password_token: str | None = None


@dataclass(frozen=True)
class QuestionView:
    position: int
    total: int
    type: str
    type_name: str
    stem: str
    options: list[tuple[str, str]]  # (display letter, text)
    benchmark: int
    item_id: int


@dataclass(frozen=True)
class Feedback:
    position: int
    correct: bool
    chosen: str  # display letters
    key: str  # display letters
    explanation: str
    benchmark: int
    areas: list[str]
    item_id: int


def new_public_id() -> str:
    return secrets.token_urlsafe(16)


def create_attempt(owner: Owner, kind: str, picks: Sequence[Candidate], now: dt.datetime,
                   rng: random.Random, *, topic: str = "", minutes: int | None = None,
                   seed: int = 0, deadline_at: dt.datetime | None = None,
                   competition_id: int | None = None) -> Attempt:
    """Store an attempt with its paper; options of choice items are shuffled per attempt.

    The deadline is ``deadline_at`` when given, else ``minutes`` from ``now`` (or none)."""
    if deadline_at is None and minutes:
        deadline_at = now + dt.timedelta(minutes=minutes)
    ids = {(c.item_id, c.version) for c in picks}
    versions = {(v.item_id, v.version): v for v in db.session.scalars(
        select(ItemVersion).where(ItemVersion.item_id.in_([i for i, _ in ids])))}
    attempt = Attempt(
        public_id=new_public_id(), resident_id=owner.resident_id, guest_token=owner.guest_token,
        kind=kind, topic=topic, seed=seed, size=len(picks), started_at=now, day=china_day(now),
        deadline_at=deadline_at, competition_id=competition_id,
    )
    db.session.add(attempt)
    db.session.flush()
    for position, pick in enumerate(picks, start=1):
        version = versions[(pick.item_id, pick.version)]
        letters = list(LETTERS[: len(version.options)])
        if version.type != "true_false":
            rng.shuffle(letters)
        db.session.add(AttemptItem(attempt_id=attempt.id, position=position,
                                   item_version_id=version.id, option_order="".join(letters)))
    db.session.flush()
    return attempt


def question_view(attempt_item: AttemptItem, total: int) -> QuestionView:
    v = attempt_item.version
    options = [(LETTERS[i], v.options[LETTERS.index(orig)])
               for i, orig in enumerate(attempt_item.option_order)]
    return QuestionView(attempt_item.position, total, v.type, ITEM_TYPES[v.type].name, v.stem,
                        options, v.benchmark, v.item_id)


def _to_display(attempt_item: AttemptItem, original: str) -> str:
    return "".join(sorted(LETTERS[attempt_item.option_order.index(ch)] for ch in original))


def feedback_for(attempt_item: AttemptItem) -> Feedback:
    """Feedback for an answered position (raises if it has no stored answer)."""
    answer = attempt_item.answer
    if answer is None:
        raise AnswerRefused("这道题还没有作答")
    v = attempt_item.version
    return Feedback(attempt_item.position, answer.is_correct,
                    _to_display(attempt_item, answer.response), _to_display(attempt_item, v.key),
                    v.explanation, v.benchmark, list(v.areas), v.item_id)


def reveal_after_finish(attempt_item: AttemptItem) -> Feedback:
    """Key and explanation of any position of a finished attempt (unanswered = chosen "").

    A competition's keys wait for the competition to end: its callers check that first."""
    if attempt_item.attempt.finished_at is None:
        raise AnswerRefused("答题还没有结束")
    if attempt_item.answer is not None:
        return feedback_for(attempt_item)
    v = attempt_item.version
    return Feedback(attempt_item.position, False, "", _to_display(attempt_item, v.key),
                    v.explanation, v.benchmark, list(v.areas), v.item_id)


def next_position(attempt: Attempt) -> int | None:
    """The first unanswered position (resume point), or None when all are answered."""
    return _over_unanswered(attempt, func.min(AttemptItem.position))


def unanswered_count(attempt: Attempt) -> int:
    """Positions without an answer (of a finished assessment: left when the time ran out)."""
    return _over_unanswered(attempt, func.count(AttemptItem.id)) or 0


def _over_unanswered(attempt: Attempt, aggregate):
    """``aggregate`` over the attempt's positions that have no answer."""
    return db.session.scalar(
        select(aggregate)
        .outerjoin(Answer, Answer.attempt_item_id == AttemptItem.id)
        .where(AttemptItem.attempt_id == attempt.id, Answer.id.is_(None)))


def item_at(attempt: Attempt, position: int) -> AttemptItem | None:
    """One position with its item version and answer, in one query."""
    return db.session.scalar(
        select(AttemptItem)
        .options(joinedload(AttemptItem.version), joinedload(AttemptItem.answer))
        .where(AttemptItem.attempt_id == attempt.id, AttemptItem.position == position))


def all_items(attempt: Attempt) -> list[AttemptItem]:
    """Every position with versions and answers loaded (result and summary pages).

    ``populate_existing``: an answer is stored by a Core INSERT, so a position loaded earlier in
    the same request (e.g. the one just answered) would otherwise keep its stale "no answer"
    and scoring would count that answer as wrong."""
    return list(db.session.scalars(
        select(AttemptItem)
        .options(joinedload(AttemptItem.version), joinedload(AttemptItem.answer))
        .where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)
        .execution_options(populate_existing=True)).unique())


def minutes_left(attempt: Attempt, now: dt.datetime) -> int | None:
    """Whole minutes until the deadline, rounded up (None without a time limit)."""
    if attempt.deadline_at is None:
        return None
    return max(0, math.ceil((attempt.deadline_at - now).total_seconds() / 60))


def seconds_left(attempt: Attempt, now: dt.datetime) -> int | None:
    """Whole seconds until the deadline (None without a time limit): the question page counts
    down from it, by the phone's timer rather than its clock, which may be wrong."""
    if attempt.deadline_at is None:
        return None
    return max(0, int((attempt.deadline_at - now).total_seconds()))


def is_past_deadline(attempt: Attempt, now: dt.datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at


def outcomes(attempt: Attempt, items: list[AttemptItem] | None = None) -> list[ItemOutcome]:
    return [ItemOutcome(ai.version.dimension, ai.version.benchmark,
                        bool(ai.answer and ai.answer.is_correct))
            for ai in (all_items(attempt) if items is None else items)]


def finish_attempt(attempt: Attempt, now: dt.datetime, rules: ScoringRules | None = None,
                   items: list[AttemptItem] | None = None) -> bool:
    """Close the attempt; an assessment is scored (unanswered items count as wrong), a
    competition entry gets its items right and whole seconds used.

    ``items``: the attempt's positions from :func:`all_items`, when the caller has them.

    True when this call closed it. Two requests closing the same attempt at once (two last
    answers, or an answer and a page past the deadline) race for one conditional UPDATE; the
    loser returns False, so the review book, ledger and streak follow from one close only."""
    if attempt.finished_at is not None:
        return False
    values: dict = {"finished_at": min(now, attempt.deadline_at) if attempt.deadline_at else now}
    if attempt.kind == "assessment":
        rules = rules or ScoringRules()
        score = score_paper(outcomes(attempt, items), rules)
        values.update(
            score=score.total, level=score.level, meets_standard=score.meets_standard,
            meets_basic_rule=score.meets_basic_rule,
            dimension_scores={k: list(v) for k, v in score.by_dimension.items()},
            benchmark_scores={str(k): list(v) for k, v in score.by_benchmark.items()},
            rules_version=rules.version)
    elif attempt.kind == "competition":
        values.update(
            score=sum(1 for o in outcomes(attempt, items) if o.correct),
            seconds_used=int((values["finished_at"] - attempt.started_at).total_seconds()))
    db.session.flush()
    claimed = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        .values(**values).execution_options(preserve_rowcount=True)).rowcount
    db.session.refresh(attempt)
    return claimed == 1


def open_test_item_ids(resident_id: int) -> set[int]:
    """Items (any version) of the resident's open assessment or competition entry: practice
    must not show their keys before that attempt is finished."""
    return set(db.session.scalars(
        select(ItemVersion.item_id)
        .join(AttemptItem, AttemptItem.item_version_id == ItemVersion.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.resident_id == resident_id, Attempt.kind.in_(TEST_KINDS),
               Attempt.finished_at.is_(None))))


def get_owned_attempt(public_id: str, owner: Owner) -> Attempt | None:
    """The attempt if it belongs to ``owner``; None otherwise (callers answer 404)."""
    attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
    if attempt is None:
        return None
    if owner.resident_id is not None and attempt.resident_id == owner.resident_id:
        return attempt
    if owner.guest_token and attempt.guest_token == owner.guest_token:
        return attempt
    return None
