"""Steps shared by staff tests: a resident who takes the assessment on a test client."""

from __future__ import annotations

from tests.web.helpers import (
    answer_every_item,
    attempt_from_location,
    signed_in_resident,
)
from webapp.models import Attempt


def take_assessment(client, right: int) -> tuple[Attempt, object]:
    """Answer the 50 items, ``right`` of them correctly; return the attempt and the response
    to the last answer (the request that finishes and scores the attempt)."""
    response = client.post("/assessment/start")
    attempt = attempt_from_location(response.location)
    last = answer_every_item(client, attempt, f"/assessment/{attempt.public_id}", right)
    return attempt, last


def resident_who_passes(app, phone: str, village: str, right: int = 40):
    client = app.test_client()
    resident = signed_in_resident(client, phone=phone, village=village)
    attempt, _ = take_assessment(client, right)
    return client, resident, attempt
