"""The assessment end to end: resume, idempotent answers, deadline, scoring, no key leaks."""

import datetime as dt
import itertools
import re

from sqlalchemy import func, select

from question_bank.types import ITEM_TYPES, LETTERS
from tests.web.helpers import (
    current_position,
    display_key,
    signed_in_resident,
    start_assessment,
    wrong_choice,
)
from webapp.extensions import db
from webapp.models import Answer, AttemptItem
from webapp.models.base import utcnow
from webapp.services.attempts import item_at


def other_key(ai) -> str:
    """A valid key of the same type as the position's item, different from its key."""
    v = ai.version
    kind = ITEM_TYPES[v.type]
    letters = LETTERS[: len(v.options)]
    return next("".join(combo) for size in range(kind.min_key, kind.max_key + 1)
                for combo in itertools.combinations(letters, size)
                if "".join(combo) != v.key and kind.key_error("".join(combo), len(letters)) is None)


def _without_moving_parts(html: str) -> str:
    """The page without what changes between two loads anyway: the CSRF token and the time
    left (the countdown's seconds, and its minutes across a minute's end)."""
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)
    html = re.sub(r'data-seconds-left="\d+"', 'data-seconds-left=""', html)
    return re.sub(r"还剩约 \d+ 分钟", "还剩约 分钟", html)


def assert_page_ignores_the_key(client, url, ai) -> str:
    """Fetch the question page, change the item version's key, fetch again: the two pages must
    be the same (but for CSRF tokens), so nothing on it depends on the key. The key is put back
    before returning the page."""
    client.get(url)  # shows a message left by an earlier request, once
    before = client.get(url).get_data(as_text=True)
    assert current_position(before) == ai.position
    version = ai.version
    key = version.key
    version.key = other_key(ai)
    db.session.commit()
    try:
        after = client.get(url).get_data(as_text=True)
    finally:
        version.key = key
        db.session.commit()
    assert _without_moving_parts(before) == _without_moving_parts(after), \
        f"position {ai.position} shows its key"
    return before


def test_assessment_needs_account_and_profile(client, seeded_bank):
    assert "/login" in client.get("/assessment").location
    from tests.web.helpers import register

    register(client)
    assert "/profile" in client.get("/assessment").location


def test_full_assessment_scores_and_never_leaks_keys(client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
    url = f"/assessment/{attempt.public_id}"
    assert len(attempt.items) == 50
    right = 0
    for _ in range(50):
        position = current_position(client.get(url).get_data(as_text=True))
        ai = attempt.items[position - 1]
        # nothing in the response tells which option is right before the answer is stored
        html = assert_page_ignores_the_key(client, url, ai)
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
    # the 12 missed items come first; both groups are folded away (the page stays short)
    assert html.index("答错或没答的 12 道题") < html.index("答对的 38 道题（点开看解析）")
    missed = html[html.index("答错或没答的"):html.index("答对的 38 道题")]
    assert missed.count("✘") == 12 and "✔" not in missed
    assert html.count("<svg") >= 3


def test_reload_and_new_device_resume_at_same_item(client, app, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
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
    # the clock does not stop while the resident is away: the page says until when
    assert "计时不会暂停" in landing and "这次请在" in landing
    assert current_position(phone2.get(url).get_data(as_text=True)) == 4


def test_double_submit_stores_one_answer_and_keeps_the_first(client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
    url = f"/assessment/{attempt.public_id}"
    ai = attempt.items[0]
    first, second = wrong_choice(ai), display_key(ai)
    client.post(f"{url}/answer", data={"position": 1, "choice": list(first)})
    client.post(f"{url}/answer", data={"position": 1, "choice": list(second)})
    answers = db.session.scalars(select(Answer).where(Answer.attempt_item_id == ai.id)).all()
    assert len(answers) == 1 and answers[0].is_correct is False


def test_answer_after_deadline_is_refused_and_attempt_scored(client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
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
    attempt = start_assessment(client)
    attempt.deadline_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    client.get(f"/assessment/{attempt.public_id}")  # closes the expired attempt
    landing = client.get("/assessment").get_data(as_text=True)
    assert "之后可以再测" in landing
    refused = client.post("/assessment/start", follow_redirects=True).get_data(as_text=True)
    assert "不足 7 天" in refused
    from webapp.services.clock import china_when  # one date, written one way on the page
    allowed = china_when(attempt.finished_at + dt.timedelta(days=7), utcnow())
    assert f"请在 {allowed} 之后再测" in refused and f"{allowed} 之后可以再测" in refused


def test_options_are_shuffled_per_attempt(client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
    orders = [ai.option_order for ai in attempt.items if ai.version.type != "true_false"]
    assert any(order != "".join(sorted(order)) for order in orders)


def test_other_residents_cannot_open_my_attempt(client, app, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
    other = app.test_client()
    signed_in_resident(other, phone="13912345678")
    assert other.get(f"/assessment/{attempt.public_id}").status_code == 404
    assert (
        other.post(
            f"/assessment/{attempt.public_id}/answer", data={"position": 1, "choice": ["A"]}
        ).status_code
        == 404
    )


def _assessment_holding_a_multiple_choice_item(app):
    """(client, attempt, its first multiple-choice item) for a new signed-in resident; papers
    are drawn at random, so one without such an item is set aside rather than left to chance."""
    for n in range(20):
        client = app.test_client()
        signed_in_resident(client, phone=f"137000066{n:02d}")
        attempt = start_assessment(client)
        multi = next((ai for ai in attempt.items if ai.version.type == "multiple"), None)
        if multi is not None:
            return client, attempt, multi
    raise AssertionError("20 papers in a row without a multiple-choice item")


def test_multiple_choice_needs_two_options(client, seeded_bank):
    client, attempt, multi = _assessment_holding_a_multiple_choice_item(client.application)
    url = f"/assessment/{attempt.public_id}"
    # answer everything before it so that it is the current item
    for ai in attempt.items[: multi.position - 1]:
        client.post(
            f"{url}/answer",
            data={
                "position": ai.position,
                "choice": ["A"] if ai.version.type != "multiple" else ["A", "B"],
            },
        )
    # the hint is there before a single tick is refused
    asked = client.get(url).get_data(as_text=True)
    assert current_position(asked) == multi.position
    assert "多选题：请选出所有正确的选项（至少两个）" in asked
    response = client.post(
        f"{url}/answer", data={"position": multi.position, "choice": ["A"]}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    # said once, under the stem, not again in a message above it
    assert html.count("至少两个") == 1 and 'class="flash error' not in html
    assert "只选了一个，还没有提交" in html
    assert re.search(rf'name="position" value="{multi.position}"', html)
    # the option ticked stays ticked, so only the others need adding; once
    assert re.findall(r'value="([A-F])"[^>]*checked', html) == ["A"]
    assert "checked" not in client.get(url).get_data(as_text=True)


def _answer_all(client, attempt, url):
    for ai in attempt.items:
        client.post(f"{url}/answer",
                    data={"position": ai.position, "choice": list(display_key(ai))})


def test_double_tap_on_the_last_item_finishes_quietly(client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
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
    attempt = start_assessment(client)
    for ai in attempt.items:
        insert_first_answer(ai.id, ai.version.key, True, utcnow())
    db.session.commit()
    response = client.get(f"/assessment/{attempt.public_id}", follow_redirects=True)
    assert response.status_code == 200 and "100" in response.get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.finished_at is not None and attempt.score == 100


def test_practice_pages_never_show_an_assessment_key(client, seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
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
    attempt = start_assessment(client)
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
    attempt = start_assessment(client)
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


def _finish_with(client, attempt, right: int):
    """Store answers directly (the first ``right`` positions right, the rest wrong) and let the
    next page finish the attempt; returns the result page."""
    from webapp.services.answer_slot import insert_first_answer

    for ai in attempt.items:
        key = ai.version.key
        wrong = next(letter for letter in LETTERS[: len(ai.version.options)] if letter not in key)
        insert_first_answer(ai.id, key if ai.position <= right else wrong, ai.position <= right,
                            utcnow())
    db.session.commit()
    response = client.get(f"/assessment/{attempt.public_id}", follow_redirects=True)
    assert response.status_code == 200
    db.session.refresh(attempt)
    return response.get_data(as_text=True)


def test_pages_state_the_configured_bar_strictly_above_72(client, app, monkeypatch,
                                                          seeded_bank):
    monkeypatch.setitem(app.config, "LEVEL_COMPARISON", "gt")
    monkeypatch.setitem(app.config, "LEVEL_THRESHOLDS",
                        {"advanced": 85, "literate": 72, "basic": 55})
    signed_in_resident(client)
    landing = client.get("/assessment").get_data(as_text=True)
    assert "超过 72 分就是“具备科学素质”" in landing and "70 分" not in landing
    attempt = start_assessment(client)
    html = _finish_with(client, attempt, 36)  # 72 points: not above 72
    assert attempt.score == 72 and attempt.level == "basic"
    assert "离“具备科学素质”（超过 72 分）还差一点" in html
    assert "超过 72 分，您就会计入" in html
    assert "70 分" not in html and "达到 72" not in html and "您已计入" not in html
    assert "按《基准》答对 60% 的标准，您已具备基本科学素质" in html


def test_a_literate_result_states_the_bar_it_was_scored_with(client, app, monkeypatch,
                                                             seeded_bank):
    monkeypatch.setitem(app.config, "LEVEL_COMPARISON", "gt")
    monkeypatch.setitem(app.config, "LEVEL_THRESHOLDS",
                        {"advanced": 85, "literate": 72, "basic": 55})
    signed_in_resident(client)
    attempt = start_assessment(client)
    html = _finish_with(client, attempt, 37)  # 74 points
    assert attempt.level == "literate"
    assert "恭喜！您已达到“具备科学素质”的标准（超过 72 分）" in html and "70 分" not in html
    # the rules change later: this result still says what it was scored with
    monkeypatch.setitem(app.config, "LEVEL_COMPARISON", "ge")
    monkeypatch.setitem(app.config, "LEVEL_THRESHOLDS",
                        {"advanced": 85, "literate": 70, "basic": 55})
    again = client.get(f"/assessment/{attempt.public_id}/result").get_data(as_text=True)
    assert "（超过 72 分）" in again


def test_pages_state_the_default_bar_at_or_above_70(client, seeded_bank):
    signed_in_resident(client)
    assert "70 分及以上就是“具备科学素质”" in client.get("/assessment").get_data(as_text=True)
    attempt = start_assessment(client)
    html = _finish_with(client, attempt, 34)  # 68 points
    assert attempt.level == "basic"
    assert "离“具备科学素质”（达到 70 分）还差一点" in html and "达到 70 分，您就会计入" in html


def _open_assessments(resident_id):
    from webapp.models import Attempt

    return db.session.scalars(select(Attempt).where(
        Attempt.resident_id == resident_id, Attempt.kind == "assessment",
        Attempt.finished_at.is_(None))).all()


def test_a_second_start_that_missed_the_first_resumes_it(client, monkeypatch, seeded_bank):
    """Two taps on 开始测评 at once: the second request looked before the first one's attempt
    was committed, so it draws a paper too; the database refuses a second open assessment
    and the second request goes to the first one's attempt."""
    import webapp.services.assessment as assessment

    resident = signed_in_resident(client)
    first = start_assessment(client)
    looked = []
    real_open = assessment.open_assessment

    def not_yet_visible(resident_id):
        looked.append(resident_id)
        return None if len(looked) == 1 else real_open(resident_id)

    monkeypatch.setattr(assessment, "open_assessment", not_yet_visible)
    second = client.post("/assessment/start")
    assert len(looked) == 2  # the insert was refused and the other attempt looked up
    assert second.location.endswith(f"/assessment/{first.public_id}")
    assert [a.id for a in _open_assessments(resident.id)] == [first.id]
    # the request's transaction went on after the refused insert
    assert client.get(second.location).status_code == 200


def test_the_database_keeps_one_open_assessment_per_resident(client, seeded_bank):
    import random

    from sqlalchemy.exc import IntegrityError

    from webapp.services.attempts import Owner, create_attempt
    from webapp.services.bank import published_candidates

    resident = signed_in_resident(client)
    first = start_assessment(client)
    paper = {(c.item_id, c.version): c for c in published_candidates()}
    picks = [paper[(ai.version.item_id, ai.version.version)] for ai in first.items]
    owner = Owner(resident_id=resident.id)
    try:
        create_attempt(owner, "assessment", picks, utcnow(), random.Random(1), minutes=60)
        raise AssertionError("a second open assessment was stored")
    except IntegrityError:
        db.session.rollback()
    create_attempt(owner, "topic", picks[:3], utcnow(), random.Random(1))  # practice: no limit
    create_attempt(owner, "topic", picks[3:6], utcnow(), random.Random(1))
    db.session.commit()
    assert [a.id for a in _open_assessments(resident.id)] == [first.id]


def test_start_after_the_deadline_scores_the_open_attempt_and_waits(client, seeded_bank):
    resident = signed_in_resident(client)
    attempt = start_assessment(client)
    url = f"/assessment/{attempt.public_id}"
    for ai in attempt.items[:3]:
        client.post(f"{url}/answer", data={"position": ai.position,
                                           "choice": list(display_key(ai))})
    attempt.deadline_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    response = client.post("/assessment/start")
    assert response.location.endswith(f"{url}/result")
    db.session.refresh(attempt)
    assert attempt.finished_at is not None and attempt.score == 6
    assert _open_assessments(resident.id) == []  # no new paper inside the waiting period
    html = client.get(response.location).get_data(as_text=True)
    assert "答题时间已到，已按您提交的答案计分" in html and "不足 7 天" in html
    assert "6</b> 分" in html
    assert "之后可以再测" in client.get("/assessment").get_data(as_text=True)


def test_start_long_after_an_expired_attempt_scores_it_and_draws_a_new_paper(client,
                                                                            seeded_bank):
    resident = signed_in_resident(client)
    attempt = start_assessment(client)
    client.post(f"/assessment/{attempt.public_id}/answer",
                data={"position": 1, "choice": list(display_key(attempt.items[0]))})
    attempt.started_at = utcnow() - dt.timedelta(days=9)
    attempt.deadline_at = utcnow() - dt.timedelta(days=9) + dt.timedelta(minutes=60)
    db.session.commit()
    new = start_assessment(client)
    db.session.refresh(attempt)
    assert new.id != attempt.id and attempt.score == 2
    assert attempt.finished_at == attempt.deadline_at
    assert [a.id for a in _open_assessments(resident.id)] == [new.id]


def test_the_question_page_says_how_many_minutes_are_left_and_until_when(client, seeded_bank):
    from webapp.services.clock import CHINA

    signed_in_resident(client)
    attempt = start_assessment(client)
    attempt.deadline_at = utcnow() + dt.timedelta(minutes=42, seconds=30)
    db.session.commit()
    html = client.get(f"/assessment/{attempt.public_id}").get_data(as_text=True)
    clock = attempt.deadline_at.astimezone(CHINA).strftime("%H:%M")
    assert f"还剩约 43 分钟（{clock} 前答完）" in html
    practice = client.get(client.get("/practice/daily").location).get_data(as_text=True)
    assert "还剩" not in practice and "前答完" not in practice  # no time pressure in practice


def test_me_shows_the_assessment_in_progress_with_its_deadline_and_a_link(client, seeded_bank):
    from webapp.services.clock import china_when

    signed_in_resident(client)
    attempt = start_assessment(client)
    url = f"/assessment/{attempt.public_id}"
    for ai in attempt.items[:3]:
        client.post(f"{url}/answer",
                    data={"position": ai.position, "choice": list(display_key(ai))})
    html = client.get("/me").get_data(as_text=True)
    assert "还没有参加测评" not in html
    assert "已答 3 / 50 题" in html
    deadline = china_when(attempt.deadline_at, utcnow())  # 今天 15:20 (or 明天 00:10)
    assert f"请在 <b>{deadline}</b> 之前答完" in html
    assert re.search(rf'<a [^>]*href="{url}"[^>]*>继续答题</a>', html)
    # once its time is up it is scored, and 我的 shows the score instead of offering to go on
    attempt.deadline_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    html = client.get("/me").get_data(as_text=True)
    assert "继续答题" not in html and "最近一次：6 分" in html


def test_result_says_what_its_numbers_count_and_folds_every_explanation(client, seeded_bank):
    from scoring.rules import weakest_benchmarks
    from tests.web.helpers import answer_every_item
    from webapp.services.taxonomy import current_taxonomy

    signed_in_resident(client)
    attempt = start_assessment(client)
    url = f"/assessment/{attempt.public_id}"
    answer_every_item(client, attempt, url, right=30)
    html = client.get(f"{url}/result").get_data(as_text=True)
    # dimensions in points, benchmarks in questions: each says which, without "基准25"
    assert "分（满分" in html
    ranked = html[html.index("<h2>掌握得好的</h2>"):html.index("<h2>接下来练什么</h2>")]
    assert not re.search(r"基准\s*\d", ranked)
    weak = weakest_benchmarks({int(k): v for k, v in attempt.benchmark_scores.items()}, 3)[0]
    got, total = attempt.benchmark_scores[str(weak)]
    title = current_taxonomy().benchmarks[weak].title
    assert f"<p>{title}：<b>{total} 道题答对 {got} 道</b></p>" in ranked
    # the explanations of wrong answers are folded like those of right ones (no JS needed)
    groups = re.findall(r"<details class=\"[^\"]*\"( open)?>\s*<summary>([^<]*)</summary>", html)
    assert groups == [("", "答错或没答的 20 道题（点开看为什么）"),
                      ("", "答对的 30 道题（点开看解析）")]
    # the dimension bars and the benchmark bars span the same width
    widths = re.findall(r'<svg class="bars" viewBox="0 0 (\d+) |<svg viewBox="0 0 (\d+) 14"', html)
    assert {w for pair in widths for w in pair if w} == {"300"}
    assert re.search(r'<rect x="0" y="\d+" width="300" height="14"', html)


def test_a_low_result_is_named_in_plain_words_not_as_a_verdict(client, seeded_bank):
    """具备较低科学素质 is the survey's category name: on her own result page a resident reads
    how far she is from the next level instead."""
    from tests.staff.helpers import take_assessment

    signed_in_resident(client)
    attempt, _ = take_assessment(client, right=10)
    assert attempt.level == "low"
    html = client.get(f"/assessment/{attempt.public_id}/result").get_data(as_text=True)
    assert '<p class="level">离“基本具备”还差一些</p>' in html  # one line on a phone
    assert "具备较低科学素质" not in html


def test_questions_left_unanswered_when_time_ran_out_stay_out_of_the_review_book(
        client, seeded_bank):
    """She never saw them: the review book takes the ones she answered wrong, not 44 more."""
    from webapp.models import ReviewEntry

    resident = signed_in_resident(client)
    attempt = start_assessment(client)
    url = f"/assessment/{attempt.public_id}"
    wrong = []
    for n in range(6):
        html = client.get(url).get_data(as_text=True)
        ai = item_at(attempt, current_position(html))
        right = n % 2 == 0
        choice = display_key(ai) if right else wrong_choice(ai)
        client.post(f"{url}/answer", data={"position": ai.position, "choice": list(choice)})
        if not right:
            wrong.append(ai.version.item_id)
    attempt.deadline_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    client.get(url)  # scored now, with the six answers
    db.session.refresh(attempt)
    assert attempt.finished_at is not None and attempt.score == 6
    in_book = set(db.session.scalars(select(ReviewEntry.item_id).where(
        ReviewEntry.resident_id == resident.id)))
    assert in_book == set(wrong)


def test_the_result_says_where_the_wrong_answers_went(client, seeded_bank):
    from tests.staff.helpers import take_assessment

    signed_in_resident(client)
    attempt, _ = take_assessment(client, right=45)
    html = client.get(f"/assessment/{attempt.public_id}/result").get_data(as_text=True)
    assert "答错的题已经放进您的" in html and 'href="/review"' in html
