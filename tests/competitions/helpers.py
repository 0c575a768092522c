"""Steps shared by competition tests: an organiser's competition, and a resident who enters."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import update

from question_bank.papers import draw_competition_paper
from tests.staff.factories import make_competition, make_staff
from tests.web.helpers import (
    answer_every_item,
    attempt_from_location,
    signed_in_resident,
)
from webapp.extensions import db
from webapp.models import Attempt, Competition
from webapp.models.base import utcnow
from webapp.services.bank import published_candidates


def township_competition(township: str = "431381001", **kwargs) -> Competition:
    return make_competition(township, make_staff("township_staff", township), **kwargs)


def seed_of_a_paper_holding(item_type: str, item_count: int) -> int:
    """A paper seed whose competition draw holds an item of ``item_type`` (a draw is random, so
    a test that needs one must not leave it to chance)."""
    candidates = published_candidates()
    return next(seed for seed in range(1000) if any(
        c.type == item_type
        for c in draw_competition_paper(candidates, item_count, random.Random(seed))))


def enter(app, competition: Competition, phone: str, village: str = "431381001001"):
    """A new resident of ``village`` who starts the competition: (client, resident, entry)."""
    client = app.test_client()
    resident = signed_in_resident(client, phone=phone, village=village)
    response = client.post(f"/competitions/{competition.id}/start")
    assert response.status_code == 302 and "/competitions/entry/" in response.location, \
        response.location
    return client, resident, attempt_from_location(response.location)


def answer_all(client, entry: Attempt, right: int):
    """Answer every item, the first ``right`` correctly; the response to the last answer."""
    return answer_every_item(client, entry, f"/competitions/entry/{entry.public_id}", right)


def end_competition(competition: Competition) -> None:
    """Move the competition's window into the past (as if it had run and ended)."""
    ends = utcnow() - dt.timedelta(minutes=1)
    db.session.execute(update(Competition).where(Competition.id == competition.id).values(
        starts_at=ends - dt.timedelta(days=2), ends_at=ends))
    db.session.commit()
    db.session.refresh(competition)


def set_seconds_used(entry: Attempt, seconds: int) -> None:
    db.session.execute(update(Attempt).where(Attempt.id == entry.id)
                       .values(seconds_used=seconds))
    db.session.commit()


def finish_entries(app, competition: Competition, results: dict[str, tuple[int, int]],
                   village: str = "431381001001") -> None:
    """Residents (by phone) of ``village`` enter and finish with (items right, seconds used)."""
    for phone, (right, seconds) in results.items():
        client, _, entry = enter(app, competition, phone, village=village)
        answer_all(client, entry, right=right)
        set_seconds_used(entry, seconds)
