"""An entrant who starts, answers a little and walks away is scored when their time runs out,
whoever looks first: the organiser's standings and export count them without their coming back,
and the questions they answered wrong reach their review book."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import update

from tests.competitions.helpers import end_competition, enter, finish_entries
from tests.staff.factories import TOWNSHIP, make_competition, make_staff
from tests.web.helpers import current_position, display_key, wrong_choice
from webapp.extensions import db
from webapp.models import Attempt
from webapp.models.base import utcnow
from webapp.services.attempts import item_at


def test_a_walked_away_entry_is_ranked_once_the_competition_has_ended(
        app, staff_client, seeded_bank):
    competition = make_competition(TOWNSHIP, make_staff("township_staff", TOWNSHIP),
                                   item_count=5)
    finish_entries(app, competition, {"13700009111": (2, 100)})
    walker, _, entry = enter(app, competition, "13700009222")
    url = f"/competitions/entry/{entry.public_id}"
    position = current_position(walker.get(url).get_data(as_text=True))
    walker.post(f"{url}/answer", data={"position": position,
                                       "choice": list(display_key(item_at(entry, position)))})
    position = current_position(walker.get(url).get_data(as_text=True))  # then one wrong
    walker.post(f"{url}/answer", data={"position": position,
                                       "choice": list(wrong_choice(item_at(entry, position)))})
    end_competition(competition)  # the walker never comes back; their time is up with it
    db.session.execute(update(Attempt).where(Attempt.id == entry.id)
                       .values(deadline_at=utcnow() - dt.timedelta(minutes=2)))
    db.session.commit()

    client, _ = staff_client("township_staff", TOWNSHIP)
    page = client.get(f"/staff/competitions/{competition.id}").get_data(as_text=True)
    assert "已答完 2 人" in page
    rows = list(load_workbook(io.BytesIO(client.post(
        f"/staff/competitions/{competition.id}/export").data)).active.iter_rows(values_only=True))
    assert [(r[0], r[1], r[5]) for r in rows[1:]] == [(1, "137****9111", 2), (2, "137****9222", 1)]

    db.session.refresh(entry)
    assert entry.finished_at is not None and entry.score == 1
    review = walker.get("/review").get_data(as_text=True)
    # the one answered wrong; the three never answered (never seen) count as wrong in the
    # score but stay out of the book
    assert "共有 <b>1</b> 道题还没学会" in review
