"""A competition's mistakes go to its entrants' review books (错题本) once it is over: while it
runs its keys are hidden, and the review book would tell right from wrong. Collected the next
time the entrant opens the home page or the review book, once per entry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models import Attempt, Competition, CompetitionEntryReviewed
from webapp.services.attempts import all_items
from webapp.services.competitions import close_overdue_entries
from webapp.services.review_book import record_mistakes


def collect_competition_mistakes(resident_id: int, now: dt.datetime) -> int:
    """Send the wrong (and unanswered) items of the resident's finished entries in ended or
    cancelled competitions to their review book (flush only), scoring first those left to run
    out; how many entries were scored or collected (the caller commits when any were).
    """
    collected = close_overdue_entries(now, resident_id=resident_id)
    entries = list(db.session.scalars(
        select(Attempt)
        .join(Competition, Competition.id == Attempt.competition_id)
        .outerjoin(CompetitionEntryReviewed, CompetitionEntryReviewed.attempt_id == Attempt.id)
        .where(Attempt.resident_id == resident_id, Attempt.kind == "competition",
               Attempt.finished_at.is_not(None), CompetitionEntryReviewed.attempt_id.is_(None),
               or_(Competition.ends_at <= now, Competition.cancelled_at.is_not(None)))))
    for entry in entries:
        try:
            with db.session.begin_nested():
                db.session.add(CompetitionEntryReviewed(attempt_id=entry.id, reviewed_at=now))
        except IntegrityError:
            continue  # another request of the same resident has just collected it
        record_mistakes(resident_id, [ai.version.item_id for ai in all_items(entry)  # seen
                                      if ai.answer and not ai.answer.is_correct], now)
        collected += 1
    return collected
