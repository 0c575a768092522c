"""Steps shared by staff tests: a resident who takes the assessment on a test client."""

from __future__ import annotations

from tests.web.helpers import (
    attempt_from_location,
    current_position,
    display_key,
    signed_in_resident,
    wrong_choice,
)
from webapp.extensions import db
from webapp.models import Attempt
from webapp.services.attempts import item_at


def take_assessment(client, right: int) -> tuple[Attempt, object]:
    """Answer the 50 items, ``right`` of them correctly; return the attempt and the response
    to the last answer (the request that finishes and scores the attempt)."""
    response = client.post("/assessment/start")
    attempt = attempt_from_location(response.location)
    url = f"/assessment/{attempt.public_id}"
    for n in range(50):
        position = current_position(client.get(url).get_data(as_text=True))
        ai = item_at(attempt, position)
        choice = display_key(ai) if n < right else wrong_choice(ai)
        last = client.post(f"{url}/answer", data={"position": position, "choice": list(choice)})
    db.session.refresh(attempt)
    return attempt, last


def resident_who_passes(app, phone: str, village: str, right: int = 40):
    client = app.test_client()
    resident = signed_in_resident(client, phone=phone, village=village)
    attempt, _ = take_assessment(client, right)
    return client, resident, attempt
