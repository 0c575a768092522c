"""Shared steps for web tests: a resident with a profile, signed in on a test client."""

from __future__ import annotations

import re

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Attempt, AttemptItem, Division, Resident
from webapp.services.attempts import item_at

VILLAGE = "431381001001"  # a village of 冷水江市 (娄底)


def register(client, phone="13712345678", password="secret123"):
    return client.post("/register", data={"phone": phone, "password": password,
                                          "confirm": password, "consent": "y"})


def fill_profile(client, village=VILLAGE, birth_year=1970, occupation="farmer"):
    village_row = db.session.get(Division, village)
    township = db.session.get(Division, village_row.parent_code)
    return client.post("/profile", data={
        "county": township.parent_code, "township": township.code, "village_code": village,
        "sex": "f", "birth_year": str(birth_year), "education": "junior",
        "occupation": occupation})


def signed_in_resident(client, phone="13712345678", **profile) -> Resident:
    register(client, phone)
    fill_profile(client, **profile)
    return db.session.scalar(select(Resident).where(Resident.phone == phone))


def attempt_from_location(location: str) -> Attempt:
    public_id = location.rstrip("/").split("/")[-1]
    return db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))


def start_assessment(client) -> Attempt:
    """Start (or resume) the signed-in resident's assessment; the attempt it redirected to."""
    response = client.post("/assessment/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    return attempt_from_location(response.location)


def current_position(html: str) -> int:
    return int(re.search(r'name="position" value="(\d+)"', html).group(1))


def display_key(ai: AttemptItem) -> str:
    """The display letters of the key for a position (what a resident who knows would tap)."""
    letters = "ABCDEF"
    return "".join(sorted(letters[ai.option_order.index(ch)] for ch in ai.version.key))


def wrong_choice(ai: AttemptItem) -> str:
    """A wrong answer of a valid shape (two letters for a multiple-choice item)."""
    key = display_key(ai)
    wrong = next(letter for letter in "ABCDEF"[: len(ai.option_order)] if letter not in key)
    return "".join(sorted(wrong + key[0])) if ai.version.type == "multiple" else wrong


def answer_every_item(client, attempt: Attempt, url: str, right: int):
    """Answer every position of a timed paper at ``url`` in the order the page asks, the first
    ``right`` correctly; return the response to the last answer (the one that finishes it)."""
    last = None
    for n in range(attempt.size):
        position = current_position(client.get(url).get_data(as_text=True))
        ai = item_at(attempt, position)
        choice = display_key(ai) if n < right else wrong_choice(ai)
        last = client.post(f"{url}/answer", data={"position": position, "choice": list(choice)})
    db.session.refresh(attempt)
    return last
