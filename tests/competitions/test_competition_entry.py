"""A resident enters a competition from home, answers every item, and reads a rank; the keys
stay hidden until the competition ends."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests.competitions.helpers import (
    answer_all,
    end_competition,
    enter,
    seed_of_a_paper_holding,
    township_competition,
)
from tests.web.helpers import current_position, display_key, signed_in_resident
from webapp.extensions import db
from webapp.models import Attempt, ReviewEntry
from webapp.services.attempts import all_items, item_at


def test_home_lists_an_open_competition_of_the_residents_township(app, seeded_bank):
    competition = township_competition(title="冷水江科普知识竞赛")
    client, _, _ = enter(app, competition, "13700000001")
    home = client.get("/").get_data(as_text=True)
    assert "科学素质竞赛" in home and "冷水江科普知识竞赛" in home
    listing = client.get("/competitions").get_data(as_text=True)
    assert "冷水江科普知识竞赛" in listing and "进行中" in listing


def test_a_competition_of_another_township_is_not_listed_and_cannot_be_entered(
        app, seeded_bank):
    elsewhere = township_competition("431381002", title="别的乡镇的竞赛")
    client = app.test_client()
    from tests.web.helpers import signed_in_resident

    signed_in_resident(client, phone="13700000002", village="431381001001")
    assert "别的乡镇的竞赛" not in client.get("/competitions").get_data(as_text=True)
    response = client.post(f"/competitions/{elsewhere.id}/start", follow_redirects=True)
    assert "只面向" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Attempt.id))) == 0


def test_finishing_shows_right_count_and_rank_without_keys_until_the_end(app, seeded_bank):
    competition = township_competition(item_count=5)
    client, _, entry = enter(app, competition, "13700000003")
    answer_all(client, entry, right=3)
    assert entry.finished_at is not None and entry.score == 3
    assert "您答对 3 题" in client.get("/competitions").get_data(as_text=True)
    result_url = f"/competitions/entry/{entry.public_id}/result"
    result = client.get(result_url).get_data(as_text=True)
    assert "答对 <b>3</b> / 5 题" in result and "排第 <b>1</b> 名" in result
    assert "答案和解析在" in result and "答案和解析</h2>" not in result
    explanation = item_at(entry, 1).version.explanation
    assert explanation not in result

    end_competition(competition)
    after = client.get(result_url).get_data(as_text=True)
    assert "答案和解析</h2>" in after and explanation in after


def test_no_response_during_the_competition_carries_a_key_or_explanation(app, seeded_bank):
    competition = township_competition(item_count=5)
    client, _, entry = enter(app, competition, "13700000004")
    url = f"/competitions/entry/{entry.public_id}"
    bodies = []
    for _ in range(entry.size):
        page = client.get(url).get_data(as_text=True)
        bodies.append(page)
        position = current_position(page)
        response = client.post(f"{url}/answer", data={
            "position": position, "choice": list(display_key(item_at(entry, position)))},
            follow_redirects=True)
        bodies.append(response.get_data(as_text=True))
    for ai in entry.items:
        assert not any(ai.version.explanation in body for body in bodies)
        assert not any("正确答案" in body for body in bodies)


def test_one_entry_per_resident_and_a_double_tap_resumes_it(app, seeded_bank):
    competition = township_competition(item_count=5)
    client, _, entry = enter(app, competition, "13700000005")
    again = client.post(f"/competitions/{competition.id}/start")
    assert again.location.endswith(f"/competitions/entry/{entry.public_id}")
    answer_all(client, entry, right=5)
    third = client.post(f"/competitions/{competition.id}/start", follow_redirects=True)
    assert "已经参加过本次竞赛" in third.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Attempt.id)).where(
        Attempt.competition_id == competition.id)) == 1


def test_upcoming_competition_cannot_be_started_yet(app, seeded_bank):
    competition = township_competition(starts_in_hours=3)
    client = app.test_client()
    from tests.web.helpers import signed_in_resident

    signed_in_resident(client, phone="13700000006")
    page = client.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "未开始" in page
    refused = client.post(f"/competitions/{competition.id}/start", follow_redirects=True)
    assert "竞赛还没有开始" in refused.get_data(as_text=True)


def test_entry_deadline_never_passes_the_competition_end(app, seeded_bank):
    competition = township_competition(starts_in_hours=-1, hours=1.1, minutes=30)
    _, _, entry = enter(app, competition, "13700000007")
    assert entry.deadline_at is not None
    assert abs((entry.deadline_at - competition.ends_at).total_seconds()) < 1


def test_answer_after_the_deadline_is_refused_and_the_entry_is_scored(app, seeded_bank):
    competition = township_competition(item_count=5)
    client, _, entry = enter(app, competition, "13700000008")
    url = f"/competitions/entry/{entry.public_id}"
    position = current_position(client.get(url).get_data(as_text=True))
    entry.deadline_at = entry.started_at - dt.timedelta(seconds=1)
    db.session.commit()
    response = client.post(f"{url}/answer", data={
        "position": position, "choice": list(display_key(item_at(entry, position)))},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "时间" in page and "答对 <b>0</b> / 5 题" in page
    assert "还有 5 道题没有作答" in page


def _review_book(resident) -> dict[int, ReviewEntry]:
    return {e.item_id: e for e in db.session.scalars(select(ReviewEntry).where(
        ReviewEntry.resident_id == resident.id))}


def test_competition_mistakes_enter_the_review_book_once_it_is_over(app, seeded_bank):
    competition = township_competition(item_count=5)
    client, resident, entry = enter(app, competition, "13700000009")
    answer_all(client, entry, right=2)
    client.get("/")
    client.get("/review")
    assert _review_book(resident) == {}  # while it runs: the book would tell right from wrong

    end_competition(competition)
    client.get("/")
    wrong = {ai.version.item_id for ai in all_items(entry)
             if not (ai.answer and ai.answer.is_correct)}
    book = _review_book(resident)
    assert set(book) == wrong and len(wrong) == 3
    first = next(iter(book.values()))
    first.right_streak, first.reviews = 1, 1  # as if reviewed right once since
    db.session.commit()
    client.get("/review")
    client.get(f"/competitions/entry/{entry.public_id}/result")
    db.session.expire_all()
    assert db.session.get(ReviewEntry, first.id).right_streak == 1  # filed once, not again


def test_a_guest_is_sent_to_sign_in_before_entering(app, seeded_bank):
    competition = township_competition()
    response = app.test_client().post(f"/competitions/{competition.id}/start")
    assert response.status_code == 302 and "/login" in response.location


def test_the_page_says_when_keys_are_public(app, seeded_bank):
    competition = township_competition(item_count=5)
    page = app.test_client().get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "答案和解析在竞赛结束后公布" in page
    end_competition(competition)
    page = app.test_client().get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "答案和解析已经公布" in page


def test_one_tick_on_a_multiple_choice_item_is_refused_with_one_message(app, seeded_bank):
    competition = township_competition(item_count=10,
                                       seed=seed_of_a_paper_holding("multiple", 10))
    client, _, entry = enter(app, competition, "13700000009")
    url = f"/competitions/entry/{entry.public_id}"
    multi = next(ai for ai in all_items(entry) if ai.version.type == "multiple")
    for position in range(1, multi.position):  # make it the current item
        client.post(f"{url}/answer", data={
            "position": position, "choice": list(display_key(item_at(entry, position)))})
    html = client.post(f"{url}/answer", data={"position": multi.position, "choice": ["C"]},
                       follow_redirects=True).get_data(as_text=True)
    assert current_position(html) == multi.position
    assert html.count("至少两个") == 1 and 'class="flash error' not in html
    assert "只选了一个，还没有提交" in html
    assert "checked" in html and html.count("checked") == 1


def test_the_home_card_says_when_the_resident_has_finished_the_open_competition(
        app, seeded_bank):
    competition = township_competition(item_count=5, title="冬季防火知识竞赛")
    client, _, entry = enter(app, competition, "13700009401")
    assert "冬季防火知识竞赛，正在进行" in client.get("/").get_data(as_text=True)
    answer_all(client, entry, right=3)
    home = client.get("/").get_data(as_text=True)
    assert "冬季防火知识竞赛，您已答完，看看排名" in home and "正在进行" not in home


def test_my_records_name_the_competition_and_lead_to_its_result(app, seeded_bank):
    competition = township_competition(item_count=5, title="秋季安全知识竞赛")
    client, _, entry = enter(app, competition, "13700009402")
    answer_all(client, entry, right=4)
    me = client.get("/me").get_data(as_text=True)
    result_url = f"/competitions/entry/{entry.public_id}/result"
    assert f'竞赛“<a href="{result_url}">秋季安全知识竞赛</a>” · 答对 4 / 5 题' in me


def test_the_home_card_counts_only_the_open_competitions_still_to_enter(app, seeded_bank):
    first = township_competition(item_count=5, title="第一场")
    township_competition(item_count=5, title="第二场")
    township_competition(item_count=5, title="第三场")
    client, _, entry = enter(app, first, "13700009403")
    answer_all(client, entry, right=3)
    home = client.get("/").get_data(as_text=True)
    assert "2 场竞赛等您参加（另有 1 场您已答完）" in home and "正在进行" not in home


def test_starting_close_to_the_end_is_told_and_explained_afterwards(app, seeded_bank):
    """Ten minutes each, but the competition ends in three: the page says so before she starts,
    and her result blames the competition's end, not her own time."""
    competition = township_competition(item_count=5, minutes=10, hours=1 + 3 / 60)
    neighbour = app.test_client()
    signed_in_resident(neighbour, phone="13700006302", village="431381001001")
    warned = neighbour.get(f"/competitions/{competition.id}").get_data(as_text=True)
    assert "离竞赛结束只剩约 3 分钟" in warned and "比每人限时 10 分钟短" in warned
    client, _, entry = enter(app, competition, "13700006301")
    assert entry.deadline_at == competition.ends_at  # her time was cut to the end
    first = item_at(entry, current_position(client.get(
        f"/competitions/entry/{entry.public_id}").get_data(as_text=True)))
    client.post(f"/competitions/entry/{entry.public_id}/answer",
                data={"position": first.position, "choice": list(display_key(first))})
    gone = entry.deadline_at - dt.timedelta(hours=2)
    entry.deadline_at = gone
    competition.ends_at, competition.starts_at = gone, gone - dt.timedelta(hours=2)
    db.session.commit()
    result = client.get(f"/competitions/entry/{entry.public_id}/result",
                        follow_redirects=True).get_data(as_text=True)
    assert "竞赛结束时还有 4 道题没有作答" in result and "答题时间到了" not in result
