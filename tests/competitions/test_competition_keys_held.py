"""No page of the site gives away a competition's keys before it ends: not the entry through the
practice pages, not practice of the same items, not an assessment's explanations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.competitions.helpers import answer_all, end_competition, enter, township_competition
from tests.staff.factories import TOWNSHIP, make_staff
from tests.staff.helpers import resident_who_passes
from webapp.extensions import db
from webapp.models import Competition, CompetitionItem, ItemVersion
from webapp.models.base import utcnow
from webapp.services.attempts import Owner, all_items
from webapp.services.practice import start_daily, start_topic


def test_a_finished_entry_cannot_be_opened_through_the_practice_pages(app, seeded_bank):
    competition = township_competition(item_count=5)
    client, _, entry = enter(app, competition, "13700006001")
    answer_all(client, entry, right=2)
    explanation = all_items(entry)[0].version.explanation
    feedback = client.get(f"/practice/{entry.public_id}/1")
    assert feedback.status_code == 404 and explanation not in feedback.get_data(as_text=True)
    assert client.get(f"/practice/{entry.public_id}").status_code == 404
    assert client.post(f"/practice/{entry.public_id}/answer",
                       data={"position": 1, "choice": "A"}).status_code == 404


def test_practice_leaves_out_items_of_a_competition_until_it_ends(app, seeded_bank):
    competition = township_competition(item_count=10, area="frontier_tech")
    in_competition = {ci.version.item_id for ci in competition.items}
    guest = Owner(guest_token="g" * 32)
    topic = start_topic(guest, utcnow(), area="frontier_tech", size=50)
    practised = {ai.version.item_id for ai in topic.items}
    assert practised and not practised & in_competition
    daily = start_daily(Owner(guest_token="h" * 32), None, utcnow())
    assert not {ai.version.item_id for ai in daily.items} & in_competition

    end_competition(competition)
    again = start_topic(guest, utcnow(), area="frontier_tech", size=50)
    assert {ai.version.item_id for ai in again.items} & in_competition


def _competition_of(versions, title: str, days: int = 30) -> Competition:
    """A running township competition whose paper is ``versions`` (item versions)."""
    now = utcnow()
    competition = Competition(
        title=title, description="", division_code=TOWNSHIP, area=None, item_count=len(versions),
        minutes=15, starts_at=now, ends_at=now + dt.timedelta(days=days), seed=1,
        created_by_id=make_staff("township_staff", TOWNSHIP).id, created_at=now,
        items=[CompetitionItem(position=n, item_version_id=v.id)
               for n, v in enumerate(versions, start=1)])
    db.session.add(competition)
    db.session.commit()
    return competition


def test_assessment_result_holds_explanations_of_items_in_a_running_competition(
        app, seeded_bank):
    client, _, attempt = resident_who_passes(app, "13700006002", "431381001001")
    shared = all_items(attempt)[:5]
    competition = _competition_of([ai.version for ai in shared], "同题竞赛", days=365)
    url = f"/assessment/{attempt.public_id}/result"
    page = client.get(url).get_data(as_text=True)
    assert "另有 5 道题正在科学素质竞赛中使用" in page
    for ai in shared:
        assert ai.version.explanation not in page
    assert all_items(attempt)[10].version.explanation in page  # the others are explained

    end_competition(competition)
    after = client.get(url).get_data(as_text=True)
    assert "正在科学素质竞赛中使用" not in after
    assert all(ai.version.explanation in after for ai in shared)


def test_a_new_assessment_leaves_out_items_of_a_running_competition(app, seeded_bank):
    """Its score and bars would otherwise tell the keys: 2 of 2 right on a benchmark whose
    other item is shown says the hidden one was answered right."""
    competition = township_competition(item_count=50)
    in_competition = {ci.version.item_id for ci in competition.items}
    for n in range(5):
        _, _, attempt = resident_who_passes(app, f"1370000610{n}", "431381001001")
        assert not {ai.version.item_id for ai in all_items(attempt)} & in_competition


def test_an_assessment_is_still_drawn_when_competitions_hold_all_of_a_benchmark(
        app, seeded_bank):
    every_of_benchmark_1 = db.session.scalars(select(ItemVersion).where(
        ItemVersion.benchmark == 1, ItemVersion.status == "published")).all()
    _competition_of(every_of_benchmark_1, "基准一全覆盖")
    _, _, attempt = resident_who_passes(app, "13700006110", "431381001001")
    assert 1 in {ai.version.benchmark for ai in all_items(attempt)}  # the 基准 rule comes first
