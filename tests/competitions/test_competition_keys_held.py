"""No page of the site gives away a competition's keys before it ends: not the entry through the
practice pages, not practice of the same items, not an assessment's explanations."""

from __future__ import annotations

import datetime as dt

from tests.competitions.helpers import answer_all, end_competition, enter, township_competition
from tests.staff.factories import TOWNSHIP, make_staff
from tests.staff.helpers import resident_who_passes
from webapp.extensions import db
from webapp.models import Competition, CompetitionItem
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


def test_assessment_result_holds_explanations_of_items_in_a_running_competition(
        app, seeded_bank):
    client, _, attempt = resident_who_passes(app, "13700006002", "431381001001")
    shared = all_items(attempt)[:5]
    now = utcnow()
    competition = Competition(
        title="同题竞赛", description="", division_code=TOWNSHIP, area=None, item_count=5,
        minutes=15, starts_at=now, ends_at=now + dt.timedelta(days=365), seed=1,
        created_by_id=make_staff("township_staff", TOWNSHIP).id, created_at=now,
        items=[CompetitionItem(position=n, item_version_id=ai.item_version_id)
               for n, ai in enumerate(shared, start=1)])
    db.session.add(competition)
    db.session.commit()
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
