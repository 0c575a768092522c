"""A guest who signs up or in keeps the practice begun as a guest."""

from sqlalchemy import select

from tests.web.helpers import (
    attempt_from_location,
    current_position,
    display_key,
    register,
    signed_in_resident,
    wrong_choice,
)
from webapp.extensions import db
from webapp.models import Resident


def _answer(client, attempt, ai, choice):
    return client.post(f"/practice/{attempt.public_id}/answer",
                       data={"position": ai.position, "choice": list(choice)})


def test_practice_begun_as_guest_goes_on_after_registering(client, seeded_bank):
    location = client.get("/practice/daily").location
    attempt = attempt_from_location(location)
    first, second = attempt.items[0], attempt.items[1]
    assert _answer(client, attempt, first, wrong_choice(first)).status_code == 302

    assert "/profile" in register(client).location
    resident = db.session.scalar(select(Resident).where(Resident.phone == "13712345678"))

    page = client.get(location)
    assert page.status_code == 200  # the same link, now signed in
    assert current_position(page.get_data(as_text=True)) == 2
    feedback = _answer(client, attempt, second, display_key(second))
    assert feedback.status_code == 302
    assert client.get(feedback.location).status_code == 200
    assert attempt_from_location(client.get("/practice/daily").location).id == attempt.id
    db.session.refresh(attempt)
    assert attempt.resident_id == resident.id
    # the item missed as a guest is in the new account's review book
    assert "共有 <b>1</b> 道题还没学会" in client.get("/review").get_data(as_text=True)

    client.post("/logout")  # a shared phone: the next guest does not see the account's answers
    after = client.get(location)
    assert after.status_code == 302 and after.location.startswith("/login?next=")


def test_daily_set_finished_as_guest_counts_after_signing_in(client, seeded_bank):
    signed_in_resident(client)
    client.post("/logout")
    attempt = attempt_from_location(client.get("/practice/daily").location)
    for ai in attempt.items:
        _answer(client, attempt, ai, display_key(ai))
    signed_in = client.post("/login", data={"phone": "13712345678", "password": "secret123"})
    assert signed_in.status_code == 302
    assert "每日一练已连续 <b>1</b> 天" in client.get("/").get_data(as_text=True)
    done = client.get(f"/practice/{attempt.public_id}").get_data(as_text=True)
    assert "答对 <b>10</b>" in done


def test_another_guests_practice_is_not_claimed(client, app, seeded_bank):
    other = app.test_client()
    location = other.get("/practice/daily").location
    register(client)
    assert attempt_from_location(location).resident_id is None
    assert other.get(location).status_code == 200
