"""The assessment end to end: resume, idempotent answers, deadline, scoring, no key leaks."""

import datetime as dt
import re

from sqlalchemy import func, select

from tests.web.helpers import (
    attempt_from_location,
    current_position,
    display_key,
    signed_in_resident,
    wrong_choice,
)
from webapp.extensions import db
from webapp.models import Answer, AttemptItem
from webapp.models.base import utcnow


def start(client):
    response = client.post("/assessment/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    return attempt_from_location(response.location)


def test_assessment_needs_account_and_profile(client, seeded_bank):
    assert "/login" in client.get("/assessment").location
    from tests.web.helpers import register

    register(client)
    assert "/profile" in client.get("/assessment").location


def test_full_assessment_scores_and_never_leaks_keys(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    url = f"/assessment/{attempt.public_id}"
    assert len(attempt.items) == 50
    right = 0
    for _ in range(50):
        page = client.get(url)
        html = page.get_data(as_text=True)
        position = current_position(html)
        ai = attempt.items[position - 1]
        # nothing in the response tells which option is right before the answer is stored
        assert ai.version.explanation not in html
        assert "正确答案" not in html and "data-correct" not in html
        choice = display_key(ai) if position % 4 else wrong_choice(ai)
        right += position % 4 != 0
        posted = client.post(f"{url}/answer", data={"position": position, "choice": list(choice)})
        assert posted.status_code == 302
    result = client.get(f"{url}/result")
    html = result.get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.score == right * 2 == 76 and attempt.level == "literate"
    assert "76" in html and "具备科学素质" in html and "您已计入" in html
    assert attempt.items[0].version.explanation in html  # explanations at the end
    # the 12 missed items come first, open; the 38 right ones are folded away below them
    assert html.index("答错或没答的 12 道题") < html.index("答对的 38 道题（点开看解析）")
    missed = html[html.index("答错或没答的"):html.index("答对的 38 道题")]
    assert missed.count("✘") == 12 and "✔" not in missed
    assert html.count("<svg") >= 3


def test_reload_and_new_device_resume_at_same_item(client, app, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    url = f"/assessment/{attempt.public_id}"
    for _ in range(3):
        position = current_position(client.get(url).get_data(as_text=True))
        client.post(
            f"{url}/answer",
            data={"position": position, "choice": list(display_key(attempt.items[position - 1]))},
        )
    assert current_position(client.get(url).get_data(as_text=True)) == 4
    assert current_position(client.get(url).get_data(as_text=True)) == 4  # reload
    phone2 = app.test_client()
    phone2.post("/login", data={"phone": "13712345678", "password": "secret123"})
    landing = phone2.get("/assessment").get_data(as_text=True)
    assert "继续答题" in landing
    assert current_position(phone2.get(url).get_data(as_text=True)) == 4


def test_double_submit_stores_one_answer_and_keeps_the_first(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    url = f"/assessment/{attempt.public_id}"
    ai = attempt.items[0]
    first, second = wrong_choice(ai), display_key(ai)
    client.post(f"{url}/answer", data={"position": 1, "choice": list(first)})
    client.post(f"{url}/answer", data={"position": 1, "choice": list(second)})
    answers = db.session.scalars(select(Answer).where(Answer.attempt_item_id == ai.id)).all()
    assert len(answers) == 1 and answers[0].is_correct is False


def test_answer_after_deadline_is_refused_and_attempt_scored(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    url = f"/assessment/{attempt.public_id}"
    client.post(
        f"{url}/answer", data={"position": 1, "choice": list(display_key(attempt.items[0]))}
    )
    attempt.deadline_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    response = client.post(
        f"{url}/answer", data={"position": 2, "choice": ["A"]}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "答题时间已到" in html
    db.session.refresh(attempt)
    assert attempt.finished_at is not None and attempt.score == 2
    stored = db.session.scalar(
        select(func.count(Answer.id)).join(AttemptItem).where(AttemptItem.attempt_id == attempt.id)
    )
    assert stored == 1


def test_retake_waits_seven_days(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    attempt.deadline_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    client.get(f"/assessment/{attempt.public_id}")  # closes the expired attempt
    landing = client.get("/assessment").get_data(as_text=True)
    assert "之后可以再测" in landing
    refused = client.post("/assessment/start", follow_redirects=True).get_data(as_text=True)
    assert "不足 7 天" in refused


def test_options_are_shuffled_per_attempt(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    orders = [ai.option_order for ai in attempt.items if ai.version.type != "true_false"]
    assert any(order != "".join(sorted(order)) for order in orders)


def test_other_residents_cannot_open_my_attempt(client, app, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    other = app.test_client()
    signed_in_resident(other, phone="13912345678")
    assert other.get(f"/assessment/{attempt.public_id}").status_code == 404
    assert (
        other.post(
            f"/assessment/{attempt.public_id}/answer", data={"position": 1, "choice": ["A"]}
        ).status_code
        == 404
    )


def test_multiple_choice_needs_two_options(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    url = f"/assessment/{attempt.public_id}"
    multi = next(ai for ai in attempt.items if ai.version.type == "multiple")
    # answer everything before it so that it is the current item
    for ai in attempt.items[: multi.position - 1]:
        client.post(
            f"{url}/answer",
            data={
                "position": ai.position,
                "choice": ["A"] if ai.version.type != "multiple" else ["A", "B"],
            },
        )
    response = client.post(
        f"{url}/answer", data={"position": multi.position, "choice": ["A"]}, follow_redirects=True
    )
    assert "至少两个" in response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert re.search(rf'name="position" value="{multi.position}"', html)


def _answer_all(client, attempt, url):
    for ai in attempt.items:
        client.post(f"{url}/answer",
                    data={"position": ai.position, "choice": list(display_key(ai))})


def test_double_tap_on_the_last_item_finishes_quietly(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    url = f"/assessment/{attempt.public_id}"
    _answer_all(client, attempt, url)
    last = attempt.items[-1]
    again = client.post(f"{url}/answer", data={"position": last.position,
                                               "choice": list(wrong_choice(last))},
                        follow_redirects=True)
    html = again.get_data(as_text=True)
    assert "没有保存" not in html and "100" in html  # the result, with the first answer kept
    db.session.refresh(attempt)
    assert attempt.score == 100


def test_an_attempt_left_unfinished_with_every_answer_stored_is_scored(client, seeded_bank):
    """Two last answers stored at the same moment may each miss the other; the next page
    still finishes and scores the attempt instead of looping between question and result."""
    from webapp.services.answer_slot import insert_first_answer

    signed_in_resident(client)
    attempt = start(client)
    for ai in attempt.items:
        insert_first_answer(ai.id, ai.version.key, True, utcnow())
    db.session.commit()
    response = client.get(f"/assessment/{attempt.public_id}", follow_redirects=True)
    assert response.status_code == 200 and "100" in response.get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.finished_at is not None and attempt.score == 100


def test_practice_pages_never_show_an_assessment_key(client, seeded_bank):
    signed_in_resident(client)
    attempt = start(client)
    ai = attempt.items[0]
    practice = f"/practice/{attempt.public_id}"
    posted = client.post(f"{practice}/answer",
                         data={"position": 1, "choice": list(display_key(ai))})
    assert posted.status_code == 404
    client.post(f"/assessment/{attempt.public_id}/answer",
                data={"position": 1, "choice": list(display_key(ai))})
    assert client.get(f"{practice}/1").status_code == 404
    assert client.get(practice).status_code == 404


def test_a_deleted_account_cannot_answer_with_its_old_session(client, seeded_bank):
    resident = signed_in_resident(client)
    attempt = start(client)
    resident.deleted_at = utcnow()
    resident.phone = None
    db.session.commit()
    posted = client.post(f"/assessment/{attempt.public_id}/answer",
                         data={"position": 1, "choice": ["A"]})
    assert posted.status_code == 404
    assert db.session.scalar(select(func.count(Answer.id)).join(AttemptItem).where(
        AttemptItem.attempt_id == attempt.id)) == 0


def test_of_two_requests_closing_an_attempt_only_one_scores_it(client, seeded_bank):
    """The other request has closed the attempt (committed) while this one still holds it as
    open: this one must not score it again nor enter it in the review book or ledger."""
    from sqlalchemy import update

    from scoring.rules import ScoringRules
    from webapp.models import Attempt, LedgerEntry, ReviewEntry
    from webapp.services.answer_slot import insert_first_answer
    from webapp.services.answering import complete

    signed_in_resident(client)
    attempt = start(client)
    for ai in attempt.items:
        insert_first_answer(ai.id, "Z", False, utcnow())  # all wrong: every item is reviewed
    db.session.commit()
    assert attempt.finished_at is None
    with db.engine.begin() as other:  # the winner
        other.execute(update(Attempt).where(Attempt.id == attempt.id).values(
            finished_at=utcnow(), score=0, level="low", meets_standard=False,
            meets_basic_rule=False, dimension_scores={}, benchmark_scores={}))
    complete(attempt, utcnow(), ScoringRules())
    db.session.commit()
    assert attempt.finished_at is not None and attempt.score == 0
    assert db.session.scalar(select(func.count(ReviewEntry.id))) == 0
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 0
