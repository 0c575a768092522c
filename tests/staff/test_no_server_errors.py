"""Nothing returns a 500: every page and every form of the site, signed in as a resident or as
staff, given values no one should send (numbers too large for SQL, wrong types, dates that do not
exist, very long text), answers with a page, an error page or a redirect."""

from __future__ import annotations

import pytest

from tests.competitions.helpers import township_competition
from tests.staff.factories import TOWNSHIP
from tests.web.helpers import signed_in_resident

HUGE = "9" * 25
ODD_QUERY = {"page": HUGE, "benchmark": HUGE, "period": HUGE, "staff_id": "-1", "q": "a%b_",
             "status": "zz", "division": "zz", "level": "zz", "since": "9999-99-99",
             "until": "0000-00-00", "action": "zz", "key_group": "zz", "village": "zz",
             "source": "zz", "area": "zz", "format": "zz", "next": "//evil.example"}
ODD_VALUES = [HUGE, "2026-13-45T99:99", "长" * 5000]
#: every field name a form of the site reads, so each form sees odd values in all of them.
FIELDS = ["phone", "password", "confirm", "consent", "county", "township", "village_code",
          "sex", "birth_year", "education", "occupation", "area", "benchmark", "title",
          "description", "division_code", "item_count", "minutes", "starts_at", "ends_at",
          "units_text", "new_units_text", "reason", "entry_id", "unit", "position", "choice",
          "name", "role", "score", "assessed_on", "examiner", "key_group", "adult_population",
          "year", "size", "allocation", "seed", "status", "next", "q", "new_password",
          "old_password", "point", "difficulty", "stem", "option_a", "key", "explanation",
          "dimension", "areas", "source", "comment", "evidence_note", "check"]
#: leaving these out keeps the session signed in for the rest of the sweep.
SKIPPED = {"static", "staff.logout", "auth.logout", "quiz.delete_me"}


def _client(app, staff_client, who: str):
    if who == "resident":
        client = app.test_client()
        signed_in_resident(client)
        return client
    return staff_client(who, TOWNSHIP if who == "township_staff" else None)[0]


def _routes(app, method: str):
    for rule in app.url_map.iter_rules():
        if method in rule.methods and rule.endpoint not in SKIPPED and not (
                set(rule.arguments) - {"competition_id"}):
            yield rule


@pytest.mark.parametrize("who", ["resident", "city_admin", "township_staff"])
def test_odd_values_in_every_page_and_form_never_give_a_500(app, staff_client, seeded_bank,
                                                            who):
    competition = township_competition(item_count=5)
    client = _client(app, staff_client, who)
    failures = []
    for rule in _routes(app, "GET"):
        url = rule.rule.replace("<int:competition_id>", str(competition.id))
        status = client.get(url, query_string=ODD_QUERY).status_code
        if status >= 500:
            failures.append(f"GET {url}: {status}")
    for rule in _routes(app, "POST"):
        url = rule.rule.replace("<int:competition_id>", str(competition.id))
        for value in ODD_VALUES:
            status = client.post(url, data=dict.fromkeys(FIELDS, value)).status_code
            if status >= 500:
                failures.append(f"POST {url} ({value[:12]}…): {status}")
    assert not failures, failures
