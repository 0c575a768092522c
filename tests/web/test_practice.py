"""Practice as a guest or a resident: feedback after each answer, daily set, topics, streak."""

import datetime as dt
import html
import re

from sqlalchemy import select

from tests.web.helpers import (
    attempt_from_location,
    display_key,
    signed_in_resident,
    start_assessment,
    wrong_choice,
)
from webapp.extensions import db
from webapp.models import Attempt, ItemVersion, Resident, ReviewEntry
from webapp.models.base import utcnow
from webapp.services.answering import current_streak, update_streak
from webapp.services.clock import china_day


def test_guest_daily_practice_shows_feedback_with_explanation(client, seeded_bank):
    response = client.get("/practice/daily")
    assert response.status_code == 302
    attempt = attempt_from_location(response.location)
    assert attempt.resident_id is None and attempt.guest_token and len(attempt.items) == 10
    ai = attempt.items[0]
    page = client.get(response.location).get_data(as_text=True)
    assert ai.version.stem in page and ai.version.explanation not in page
    feedback = client.post(f"/practice/{attempt.public_id}/answer",
                           data={"position": 1, "choice": list(wrong_choice(ai))},
                           follow_redirects=True).get_data(as_text=True)
    assert "答错了" in feedback and ai.version.explanation in feedback
    assert "（正确答案）" in feedback and "下一题" in feedback


def test_answering_again_after_going_back_says_the_first_answer_counts(client, seeded_bank):
    """The phone's back button shows a question already answered; another choice sent from it
    is not stored, and the feedback says so instead of showing the first choice unexplained."""
    attempt = attempt_from_location(client.get("/practice/daily").location)
    ai = attempt.items[0]
    url = f"/practice/{attempt.public_id}/answer"
    first = client.post(url, data={"position": 1, "choice": list(wrong_choice(ai))},
                        follow_redirects=True).get_data(as_text=True)
    again = client.post(url, data={"position": 1, "choice": list(wrong_choice(ai))},
                        follow_redirects=True).get_data(as_text=True)  # a double tap
    assert "已经答过" not in first and "已经答过" not in again
    other = client.post(url, data={"position": 1, "choice": list(display_key(ai))},
                        follow_redirects=True).get_data(as_text=True)
    assert "这道题已经答过了，以第一次提交的答案为准" in other and "答错了" in other
    db.session.refresh(ai)
    assert ai.answer.is_correct is False


def test_practice_keeps_the_tick_of_a_refused_multiple_choice_answer(client, seeded_bank):
    for benchmark in range(1, 27):  # a topic set holding a multiple-choice item
        response = client.post("/practice/topic", data={"benchmark": str(benchmark)})
        attempt = attempt_from_location(response.location)
        multi = next((ai for ai in attempt.items if ai.version.type == "multiple"), None)
        if multi is not None:
            break
    else:
        raise AssertionError("no topic set holds a multiple-choice item")
    for ai in attempt.items[: multi.position - 1]:  # make it the current item
        client.post(f"/practice/{attempt.public_id}/answer",
                    data={"position": ai.position, "choice": list(wrong_choice(ai))})
    refused = client.post(f"/practice/{attempt.public_id}/answer",
                          data={"position": multi.position, "choice": ["B"]},
                          follow_redirects=True)
    html = refused.get_data(as_text=True)
    # said once, under the stem, not again in a message above it
    assert html.count("至少两个") == 1 and 'class="flash error' not in html
    assert "只选了一个，还没有提交" in html
    assert re.findall(r'value="([A-F])"[^>]*checked', html) == ["B"]


def test_daily_practice_is_one_set_per_day(client, seeded_bank):
    first = client.get("/practice/daily").location
    assert client.get("/practice/daily").location == first


def test_the_end_of_a_practice_set_goes_over_the_ones_answered_wrong(client, seeded_bank):
    location = client.get("/practice/daily").location
    attempt = attempt_from_location(location)
    wrong = attempt.items[:3]
    for ai in attempt.items:
        choice = wrong_choice(ai) if ai in wrong else display_key(ai)
        client.post(f"/practice/{attempt.public_id}/answer",
                    data={"position": ai.position, "choice": list(choice)})
    page = html.unescape(client.get(location).get_data(as_text=True))
    assert "这次答对 <b>7</b> / 10 题" in page and "答错的 3 道题" in page
    assert all(ai.version.explanation in page for ai in wrong)
    assert not any(ai.version.explanation in page for ai in attempt.items[3:])
    assert "明天还有新的 10 道题" in page
    for ai in wrong:  # what she chose, in words: the letters were shuffled for her alone
        letters = wrong_choice(ai)
        originals = [ai.option_order["ABCDEF".index(letter)] for letter in letters]
        texts = [ai.version.options["ABCDEF".index(original)] for original in originals]
        assert all(f"{letter}. {text}" in page for letter, text in zip(letters, texts, strict=True))


def test_another_guest_cannot_open_my_practice(client, app, seeded_bank):
    location = client.get("/practice/daily").location
    stranger = app.test_client().get(location)  # asked to sign in; nothing of mine shown
    assert stranger.status_code == 302 and stranger.location.startswith("/login?next=")


def test_topic_practice_by_area_and_benchmark(client, seeded_bank):
    response = client.post("/practice/topic", data={"area": "elderly_smart"})
    attempt = attempt_from_location(response.location)
    assert all("elderly_smart" in ai.version.areas for ai in attempt.items)
    response = client.post("/practice/topic", data={"benchmark": "17"})
    attempt = attempt_from_location(response.location)
    assert {ai.version.benchmark for ai in attempt.items} == {17}
    assert client.post("/practice/topic", data={"area": "cooking"}).status_code == 400


def test_finishing_daily_practice_counts_the_streak(client, seeded_bank):
    resident = signed_in_resident(client)
    assert "已练完" not in client.get("/").get_data(as_text=True)
    attempt = attempt_from_location(client.get("/practice/daily").location)
    for ai in attempt.items:
        client.post(f"/practice/{attempt.public_id}/answer",
                    data={"position": ai.position, "choice": list(display_key(ai))})
    db.session.refresh(resident)
    assert resident.streak_days == 1 and resident.last_daily_on == attempt.day
    done = client.get(f"/practice/{attempt.public_id}").get_data(as_text=True)
    assert "答对 <b>10</b>" in done
    home = client.get("/").get_data(as_text=True)
    assert "每日一练已连续 <b>1</b> 天" in home and "今天的 10 道题已练完" in home


def test_home_names_the_daily_streak_and_hides_it_while_it_is_zero(client, seeded_bank):
    resident = signed_in_resident(client)
    assert 'class="streak"' not in client.get("/").get_data(as_text=True)  # brand new
    # practised before, but no 每日一练 yesterday or today: no "连续 0 天"
    resident.streak_days, resident.last_daily_on = 4, china_day(utcnow()) - dt.timedelta(days=3)
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert 'class="streak"' not in home and "0</b> 天" not in home
    # mistakes due for review are still named without the streak
    entry = ReviewEntry(resident_id=resident.id, reviews=0, due_on=china_day(utcnow()),
                        right_streak=0, item_id=db.session.scalar(select(ItemVersion.item_id)))
    db.session.add(entry)
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert '<p class="streak">错题本里有 <b>1</b> 道题该复习了</p>' in home
    resident.last_daily_on = china_day(utcnow()) - dt.timedelta(days=1)
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "每日一练已连续 <b>4</b> 天，错题本里有 <b>1</b> 道题该复习了" in home


def test_my_page_lists_practice_with_how_many_were_right(client, seeded_bank):
    signed_in_resident(client)
    attempt = attempt_from_location(client.get("/practice/daily").location)
    for n, ai in enumerate(attempt.items):
        choice = display_key(ai) if n < 7 else wrong_choice(ai)
        client.post(f"/practice/{attempt.public_id}/answer",
                    data={"position": ai.position, "choice": list(choice)})
    me = client.get("/me").get_data(as_text=True)
    assert "每日一练 · 答对 7 / 10 题" in me


def test_streak_grows_on_consecutive_days_and_resets_after_a_gap(app):
    resident = Resident(streak_days=0)  # not added to the session: nothing is written
    day = dt.date(2026, 3, 1)
    for offset in range(3):
        update_streak(resident, day + dt.timedelta(days=offset))
    update_streak(resident, day + dt.timedelta(days=2))  # twice on one day counts once
    assert resident.streak_days == 3
    now = dt.datetime(2026, 3, 4, 4, tzinfo=dt.UTC)  # China: 3 月 4 日, the day after
    assert current_streak(resident, now) == 3
    update_streak(resident, day + dt.timedelta(days=5))
    assert resident.streak_days == 1
    now = dt.datetime(2026, 3, 9, 4, tzinfo=dt.UTC)  # China: 3 月 9 日, two days after
    assert current_streak(resident, now) == 0


def test_wrong_practice_answers_enter_the_review_book(client, seeded_bank):
    signed_in_resident(client)
    attempt = attempt_from_location(client.get("/practice/daily").location)
    ai = attempt.items[0]
    client.post(f"/practice/{attempt.public_id}/answer",
                data={"position": 1, "choice": list(wrong_choice(ai))})
    page = client.get("/review").get_data(as_text=True)
    assert "共有 <b>1</b> 道题还没学会" in page
    assert "答对了，过 3 天再练一次；连续答对两次就算学会了" in page  # the rule, signed in too
    # not due until tomorrow
    assert "今天没有需要复习的错题" in client.post("/review/start",
                                                   follow_redirects=True).get_data(as_text=True)
    assert db.session.scalar(select(Attempt).where(Attempt.kind == "review")) is None


def test_review_book_offers_review_only_when_something_is_due(client, seeded_bank):
    resident = signed_in_resident(client)
    assert "错题本是空的" in client.get("/review").get_data(as_text=True)
    attempt = attempt_from_location(client.get("/practice/daily").location)
    client.post(f"/practice/{attempt.public_id}/answer",
                data={"position": 1, "choice": list(wrong_choice(attempt.items[0]))})
    page = client.get("/review").get_data(as_text=True)
    assert "复习今天该练的题" not in page
    assert "今天没有要复习的题，下一道在明天" in page and "明天复习" in page
    entry = db.session.scalar(select(ReviewEntry).where(ReviewEntry.resident_id == resident.id))
    later = china_day(utcnow()) + dt.timedelta(days=3)
    entry.due_on = later
    db.session.commit()
    page = client.get("/review").get_data(as_text=True)
    assert f"下一道在 {later.month}月{later.day}日" in page
    entry.due_on = china_day(utcnow())
    db.session.commit()
    page = client.get("/review").get_data(as_text=True)
    assert "复习今天该练的题" in page and "今天没有要复习的题" not in page
    assert "今天该复习 <b>1</b> 道" in page and "该复习了" in page
    assert "已连续答对 0 次" not in page
    entry.right_streak = 1
    db.session.commit()
    assert "已连续答对 1 次，再对 1 次就学会了" in client.get("/review").get_data(as_text=True)


def test_review_book_names_its_questions_and_keeps_a_long_book_short(client, seeded_bank):
    resident = signed_in_resident(client)
    attempt = attempt_from_location(client.get("/practice/daily").location)
    missed = attempt.items[0].version
    client.post(f"/practice/{attempt.public_id}/answer",
                data={"position": 1, "choice": list(wrong_choice(attempt.items[0]))})
    page = html.unescape(client.get("/review").get_data(as_text=True))
    assert missed.stem[:20] in page
    others = db.session.scalars(select(ItemVersion.item_id).where(
        ItemVersion.status == "published", ItemVersion.item_id != missed.item_id).limit(34))
    db.session.add_all(ReviewEntry(resident_id=resident.id, item_id=i, reviews=0,
                                   due_on=china_day(utcnow()), right_streak=0) for i in others)
    db.session.commit()
    page = client.get("/review").get_data(as_text=True)
    assert "共有 <b>35</b> 道题" in page and "还有 5 道题" in page
    assert page.count('class="review-stem"') == 30


def _item_ids(attempt):
    return {ai.version.item_id for ai in attempt.items}


def test_topic_practice_never_shows_items_of_the_open_assessment(client, seeded_bank):
    signed_in_resident(client)
    assessment = start_assessment(client)
    in_assessment = _item_ids(assessment)
    for benchmark in range(1, 27):
        response = client.post("/practice/topic", data={"benchmark": str(benchmark)})
        practice = attempt_from_location(response.location)
        assert len(practice.items) == 10
        assert not _item_ids(practice) & in_assessment, f"benchmark {benchmark}"


def test_daily_practice_never_shows_items_of_the_open_assessment(client, monkeypatch,
                                                                 seeded_bank):
    import webapp.services.practice as practice
    from webapp.services.bank import published_candidates

    signed_in_resident(client)
    assessment = start_assessment(client)
    in_assessment = _item_ids(assessment)
    # a bank of the assessment's 50 items and 5 others: too few for a set without recent items
    # (the assessment's are recent), so recent items are allowed again, but not these
    others = [c for c in published_candidates() if c.item_id not in in_assessment][:5]
    small = [c for c in published_candidates() if c.item_id in in_assessment] + others
    monkeypatch.setattr(practice, "published_candidates", lambda: small)
    daily = attempt_from_location(client.get("/practice/daily").location)
    assert _item_ids(daily) == {c.item_id for c in others}


def test_review_practice_never_shows_items_of_the_open_assessment(client, seeded_bank):
    from webapp.models import ReviewEntry
    from webapp.services.bank import published_candidates
    from webapp.services.review_book import record_result

    resident = signed_in_resident(client)
    assessment = start_assessment(client)
    in_assessment = sorted(_item_ids(assessment))
    others = [c.item_id for c in published_candidates() if c.item_id not in in_assessment][:3]
    two_days_ago = utcnow() - dt.timedelta(days=2)
    for item_id in in_assessment[:12] + others:  # wrong two days ago: due since yesterday
        record_result(resident.id, item_id, False, two_days_ago)
    db.session.commit()
    review = attempt_from_location(client.post("/review/start").location)
    assert _item_ids(review) == set(others)
    # only items of the assessment are due: say so instead of showing them
    db.session.execute(ReviewEntry.__table__.delete().where(ReviewEntry.item_id.in_(others)))
    db.session.commit()
    refused = client.post("/review/start", follow_redirects=True).get_data(as_text=True)
    assert "正在您的测评或正在进行的竞赛里" in refused


def test_practice_question_pages_do_not_depend_on_the_key(client, seeded_bank):
    from tests.web.test_assessment import assert_page_ignores_the_key

    signed_in_resident(client)
    attempt = attempt_from_location(client.get("/practice/daily").location)
    url = f"/practice/{attempt.public_id}"
    for ai in attempt.items[:4]:
        assert_page_ignores_the_key(client, url, ai)
        feedback = client.post(f"{url}/answer", data={"position": ai.position,
                                                      "choice": list(wrong_choice(ai))},
                               follow_redirects=True).get_data(as_text=True)
        assert "（正确答案）" in feedback  # after the answer, the key is shown


def test_multiple_choice_feedback_marks_right_options_the_resident_chose(client, seeded_bank):
    # one right and one wrong option ticked: the resident must see which right one they had
    for benchmark in range(1, 27):
        attempt = attempt_from_location(
            client.post("/practice/topic", data={"benchmark": str(benchmark)}).location)
        multiple = [ai for ai in attempt.items if ai.version.type == "multiple"]
        if multiple:
            break
    else:
        raise AssertionError("no topic set holds a multiple-choice item")
    ai = multiple[0]
    feedback = client.post(f"/practice/{attempt.public_id}/answer",
                           data={"position": ai.position, "choice": list(wrong_choice(ai))},
                           follow_redirects=True).get_data(as_text=True)
    assert feedback.count("（正确答案，您选了）") == 1
    assert feedback.count("（您选的）") == 1
    assert feedback.count("<b>（正确答案）</b>") == len(ai.version.key) - 1
