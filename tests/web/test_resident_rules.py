"""Rules a resident meets along the way: the answer rate limit, the retake after the waiting
period (the latest result counts), the daily weighting, deleting data, page weight."""

import datetime as dt
import random

from sqlalchemy import func, select

from question_bank.papers import draw_practice
from tests.staff.helpers import take_assessment
from tests.web.helpers import (
    attempt_from_location,
    display_key,
    signed_in_resident,
    start_assessment,
)
from tests.web.test_residents_extras import _page_weight
from webapp.extensions import db
from webapp.models import Answer, Attempt, AttemptItem
from webapp.models.base import utcnow
from webapp.services.assessment import latest_result
from webapp.services.attempts import item_at
from webapp.services.bank import published_candidates
from webapp.services.practice import daily_weights


def test_answering_faster_than_a_person_can_is_refused_with_429(app, client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
    url = f"/assessment/{attempt.public_id}/answer"
    choice = list(display_key(item_at(attempt, 1)))  # a valid choice, multiple-choice or not
    app.config["RATELIMIT_ENABLED"] = True
    try:
        codes = [client.post(url, data={"position": 1, "choice": choice}).status_code
                 for _ in range(61)]
    finally:
        app.config["RATELIMIT_ENABLED"] = False
    assert codes[:60] == [302] * 60 and codes[60] == 429
    stored = db.session.scalar(select(func.count(Answer.id)).join(AttemptItem).where(
        AttemptItem.attempt_id == attempt.id))
    assert stored == 1  # the repeats of one answer were stored once


def test_retake_after_the_waiting_period_and_the_latest_result_counts(client, seeded_bank):
    resident = signed_in_resident(client)
    first, _ = take_assessment(client, 50)
    assert first.score == 100
    first.finished_at -= dt.timedelta(days=7, minutes=1)
    first.started_at -= dt.timedelta(days=7, minutes=1)
    db.session.commit()
    assert "开始测评" in client.get("/assessment").get_data(as_text=True)
    second, _ = take_assessment(client, 10)
    assert second.id != first.id and second.score == 20
    assert latest_result(resident.id).id == second.id
    me = client.get("/me").get_data(as_text=True)
    assert "最近一次：20 分" in me
    assert "上次测评：20 分" in client.get("/assessment").get_data(as_text=True)


def test_daily_practice_leans_toward_the_weakest_benchmark_and_the_group(seeded_bank):
    candidates = published_candidates()
    weak = candidates[0].benchmark
    rates = {c.benchmark: 0.0 for c in candidates} | {weak: 1.0}
    weights = daily_weights(candidates, rates, None)
    share_in_bank = sum(c.benchmark == weak for c in candidates) / len(candidates)
    rng = random.Random(7)
    drawn = [c for _ in range(200)
             for c in draw_practice(candidates, 10, rng, weights=weights)]
    share_drawn = sum(c.benchmark == weak for c in drawn) / len(drawn)
    assert share_drawn > 2.5 * share_in_bank  # weight 4 against 1

    farmer = daily_weights(candidates, {}, "farmer")
    in_farm_areas = [c for c in candidates if "agriculture" in c.areas]
    elsewhere = [c for c in candidates if not {"agriculture", "health", "emergency",
                                               "elderly_smart"} & set(c.areas)]
    assert in_farm_areas and elsewhere
    assert min(farmer[c.item_id] for c in in_farm_areas) > max(
        farmer[c.item_id] for c in elsewhere if "farmer" not in c.groups)


def test_deleting_my_data_keeps_my_answers_in_the_city_figures(client, seeded_bank):
    resident = signed_in_resident(client)
    attempt, _ = take_assessment(client, 40)
    client.post("/me/delete", data={"confirm": "删除"})
    db.session.expire_all()
    kept = db.session.get(Attempt, attempt.id)
    assert kept.resident_id == resident.id and kept.score == 80
    assert db.session.scalar(select(func.count(Answer.id)).join(AttemptItem).where(
        AttemptItem.attempt_id == attempt.id)) == 50
    assert resident.phone is None


def test_every_step_of_the_assessment_weighs_under_60_kb(client, content_loaded):
    signed_in_resident(client)
    weights = {path: _page_weight(client, path) for path in ("/me", "/assessment")}
    question = client.post("/assessment/start").location
    weights["question"] = _page_weight(client, question)
    daily = client.get("/practice/daily").location
    # a valid answer, so that the page weighed is the feedback (a lone "A" on a multiple-choice
    # item is refused and leads back to the question)
    first = list(display_key(item_at(attempt_from_location(daily), 1)))
    feedback = client.post(f"{daily}/answer", data={"position": 1, "choice": first}).location
    assert feedback.endswith(f"{daily}/1"), feedback
    weights["feedback"] = _page_weight(client, feedback)
    attempt, _ = take_assessment(client, 30)
    weights["result"] = _page_weight(client, f"/assessment/{attempt.public_id}/result")
    assert all(weight <= 60 * 1024 for weight in weights.values()), weights


def test_an_assessment_past_its_time_is_not_offered_to_continue(client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
    for position in range(1, 6):
        ai = item_at(attempt, position)
        client.post(f"/assessment/{attempt.public_id}/answer",
                    data={"position": position, "choice": list(display_key(ai))})
    assert "继续上次的测评" in client.get("/").get_data(as_text=True)
    attempt.deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()

    home = client.get("/").get_data(as_text=True)
    assert "继续上次的测评" not in home and "上次 10 分" in home
    landing = client.get("/assessment").get_data(as_text=True)
    assert "继续答题" not in landing and "上次测评：10 分" in landing
    assert "距离上次测评不足 7 天" in landing
    db.session.refresh(attempt)
    assert attempt.finished_at is not None and attempt.score == 10


def _section(html: str, heading: str, next_heading: str) -> str:
    return html.split(f"<h2>{heading}</h2>", 1)[1].split(f"<h2>{next_heading}</h2>", 1)[0]


def test_result_never_praises_a_benchmark_with_nothing_right(client, seeded_bank):
    signed_in_resident(client)
    attempt, _ = take_assessment(client, 0)
    html = client.get(f"/assessment/{attempt.public_id}/result").get_data(as_text=True)
    assert "这次还没有哪一条基准答对" in _section(html, "掌握得好的", "还要加油的")
    assert "练一练：" in html  # the weakest benchmarks are still offered for practice


def test_perfect_result_has_nothing_left_to_practise(client, seeded_bank):
    signed_in_resident(client)
    attempt, _ = take_assessment(client, 50)
    html = client.get(f"/assessment/{attempt.public_id}/result").get_data(as_text=True)
    assert "每一条基准都答对了" in html
    assert "0/" not in _section(html, "掌握得好的", "还要加油的")
    assert "练一练：" not in html and "接下来练什么" not in html


def test_signed_out_links_to_my_own_pages_lead_to_sign_in_and_back(app, client, seeded_bank):
    """A result bookmarked or opened from WeChat's chat history after the session ended."""
    signed_in_resident(client)
    attempt, _ = take_assessment(client, 50)
    result = f"/assessment/{attempt.public_id}/result"
    stranger = app.test_client()
    reply = stranger.get(result)
    assert reply.status_code == 302 and reply.location.startswith("/login?next=")
    assert "请先登录，登录后会回到这一页" in stranger.get(reply.location).get_data(as_text=True)
    back = stranger.post(reply.location, data={"phone": "13712345678", "password": "secret123"})
    assert back.location == result
    assert "测评结果" in stranger.get(result).get_data(as_text=True)
    # signed in as someone else, another's result still does not exist
    other = app.test_client()
    signed_in_resident(other, phone="13712349999")
    assert other.get(result).status_code == 404
