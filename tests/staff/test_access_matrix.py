"""Access control matrix built from the URL map: every staff endpoint × every role × own and
other subtree, plus anonymous visitors and signed-in residents. A staff endpoint missing from
RULES below fails the suite, so a new page cannot ship without a decision on who may open it."""

from __future__ import annotations

import pytest
from flask import url_for

from tests.staff.conftest import login
from tests.staff.factories import (
    COUNTY,
    COUNTY_2,
    OTHER_VILLAGE,
    TOWNSHIP,
    TOWNSHIP_2,
    VILLAGE,
    VILLAGE_T2,
    make_staff,
)
from tests.staff.world import build_world
from tests.web.helpers import signed_in_resident

ALL = {"city_admin", "county_admin", "township_staff", "village_staff", "reviewer"}
PEOPLE = ALL - {"reviewer"}
MANAGERS = {"city_admin", "county_admin", "township_staff"}
ADMINS = {"city_admin", "county_admin"}
BANK = {"city_admin", "reviewer"}
PUBLIC = "public"

#: who may open each staff endpoint. Keep in step with the @roles(...) on the views.
RULES: dict[str, set[str] | str] = {
    "staff.login": PUBLIC,
    "staff.logout": ALL,
    "staff.home": ALL,
    "staff.password": ALL,
    "staff.accounts": MANAGERS,
    "staff.new_account": MANAGERS,
    "staff.account": MANAGERS,
    "staff.reset_account_password": MANAGERS,
    "staff.set_account_active": MANAGERS,
    "staff.roster": PEOPLE,
    "staff.import_roster": PEOPLE,
    "staff.roster_template": PEOPLE,
    "staff.export_roster": PEOPLE,
    "staff.roster_entry": PEOPLE,
    "staff.edit_roster_entry": PEOPLE,
    "staff.remove_roster_entry": PEOPLE,
    "staff.restore_roster_entry": PEOPLE,
    "staff.reveal_roster_phone": {"township_staff", "village_staff"},
    "staff.new_offline_entry": PEOPLE,
    "staff.ledger": PEOPLE,
    "staff.export_ledger": PEOPLE,
    "staff.ledger_entry": PEOPLE,
    "staff.revoke_ledger_entry": MANAGERS,
    "staff.outreach": PEOPLE,
    "staff.print_outreach": PEOPLE,
    "staff.progress": PEOPLE,
    "staff.resident_password": PEOPLE,
    "staff.population": ADMINS,
    "staff.save_population": ADMINS,
    "staff.samples": ADMINS,
    "staff.new_sample": ADMINS,
    "staff.sample": ADMINS,
    "staff.sample_slips": ADMINS,
    "staff.export_sample": ADMINS,
    "staff.set_member_status": ADMINS,
    "staff.monitoring": MANAGERS,
    "staff.export_monitoring": MANAGERS,
    "staff.township_margins": ADMINS,
    "staff.township_margins_template": ADMINS,
    "staff.audit_log": {"city_admin"},
    "staff.items": BANK,
    "staff.item": BANK,
    "staff.edit_item": BANK,
    "staff.change_item_status": BANK,
    "staff.import_items": BANK,
    "staff.items_template": BANK,
    "staff.flags": BANK,
    "staff.handle_flag": BANK,
    "staff.competitions": PEOPLE,
    "staff.new_competition": MANAGERS,
    "staff.competition": MANAGERS,
    "staff.competition_cancel": MANAGERS,
    "staff.competition_export": MANAGERS,
    "staff.competition_edit": MANAGERS,
    "staff.competition_reveal": MANAGERS,
    "staff.competition_qr": MANAGERS,
}
#: the object each endpoint's URL names, looked up inside the actor's subtree.
KIND = {
    "staff.account": "account", "staff.reset_account_password": "account",
    "staff.set_account_active": "account",
    "staff.roster_entry": "roster", "staff.edit_roster_entry": "roster",
    "staff.remove_roster_entry": "roster", "staff.restore_roster_entry": "roster",
    "staff.reveal_roster_phone": "roster", "staff.new_offline_entry": "roster",
    "staff.ledger_entry": "ledger", "staff.revoke_ledger_entry": "ledger",
    "staff.print_outreach": "village", "staff.save_population": "village",
    "staff.outreach": "division_arg", "staff.progress": "division_arg",
    "staff.population": "division_arg",
    "staff.sample": "sample", "staff.sample_slips": "sample", "staff.export_sample": "sample",
    "staff.set_member_status": "member",
    "staff.item": "item", "staff.edit_item": "item", "staff.change_item_status": "item",
    "staff.handle_flag": "flag",
    "staff.competition": "competition", "staff.competition_cancel": "competition",
    "staff.competition_export": "competition", "staff.competition_edit": "competition",
    "staff.competition_reveal": "competition", "staff.competition_qr": "competition",
}
#: competitions outside each role's subtree (own: one for TOWNSHIP, inside every subtree
#: of the roles that organise).
OTHER_COMPETITION = {"township_staff": TOWNSHIP_2, "county_admin": COUNTY_2}
#: accounts outside each role's subtree.
OTHER_ACCOUNT = {"village_staff": VILLAGE_T2, "township_staff": VILLAGE_T2,
                 "county_admin": COUNTY_2}


def staff_endpoints(app) -> list[tuple[str, str]]:
    """(endpoint, method) for every staff route; logout last, since it ends the session."""
    pairs = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("staff.")
             for method in rule.methods - {"HEAD", "OPTIONS"}}
    return sorted(pairs, key=lambda p: (p[0] == "staff.logout", p))


def url_for_case(app, world, endpoint: str, role: str | None, which: str) -> str:
    kind = KIND.get(endpoint)
    village = VILLAGE if which == "own" else OTHER_VILLAGE.get(role, VILLAGE_T2)
    county = COUNTY if which == "own" else COUNTY_2
    values = {
        "roster": {"entry_id": world.roster[village]},
        "ledger": {"entry_id": world.ledger[village]},
        "village": {"code": village},
        "division_arg": {"division": village},
        "account": {"account_id": world.account[
            VILLAGE if which == "own" else OTHER_ACCOUNT.get(role, VILLAGE_T2)]},
        "sample": {"sample_id": world.sample[county]},
        "member": {"member_id": world.member[county]},
        "item": {"item_id": world.item_id, "version": world.version},
        "flag": {"flag_id": world.flag_id},
        "competition": {"competition_id": world.competition[
            TOWNSHIP if which == "own" else OTHER_COMPETITION.get(role, COUNTY_2)]},
    }.get(kind, {})
    with app.test_request_context():
        if endpoint != "staff.change_item_status":
            values.pop("version", None)
        return url_for(endpoint, **values)


def expected(endpoint: str, role: str | None, which: str) -> str:
    rule = RULES[endpoint]
    if rule == PUBLIC:
        return "ok"
    if role is None:
        return "login"
    if role == "resident" or role not in rule:
        return "forbidden"
    if which == "other" and KIND.get(endpoint) not in (None, "item", "flag"):
        return "hidden"
    return "ok"


def outcome(response) -> str:
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "hidden"
    if response.status_code in (301, 302, 303) and "/staff/login" in response.location:
        return "login"
    if response.status_code in (200, 302, 303):
        return "ok"
    return f"status {response.status_code}"


def run_matrix(app, client, world, role: str | None) -> list[str]:
    failures = []
    for which in ("own", "other"):
        if which == "other" and role == "city_admin":
            continue  # every village of the city is the city admin's own
        for endpoint, method in staff_endpoints(app):
            if endpoint == "staff.logout" and role not in (None, "resident"):
                continue  # signing out is tried once, after the matrix
            url = url_for_case(app, world, endpoint, role, which)
            response = client.open(url, method=method, data={})
            want, got = expected(endpoint, role, which), outcome(response)
            if want != got:
                failures.append(f"{role} {which} {method} {url}: expected {want}, got {got}")
    return failures


def test_every_staff_endpoint_has_a_rule(app):
    endpoints = {endpoint for endpoint, _ in staff_endpoints(app)}
    assert endpoints - set(RULES) == set(), "add the new endpoint to RULES (and @roles)"
    assert set(RULES) - endpoints == set(), "RULES names an endpoint that no longer exists"
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("staff.") and rule.arguments:
            assert rule.endpoint in KIND, f"{rule.endpoint}: say which object its URL names"


@pytest.mark.parametrize("role", sorted(ALL))
def test_role_matrix(app, seeded_bank, role):
    world = build_world()
    actor = make_staff(role)
    client = app.test_client()
    assert login(client, actor).status_code == 302
    failures = run_matrix(app, client, world, role)
    response = client.post("/staff/logout")
    assert "/staff/login" in response.location
    assert not failures, "\n".join(failures)


def test_anonymous_visitors_are_sent_to_the_login_page(app, seeded_bank):
    world = build_world()
    failures = run_matrix(app, app.test_client(), world, None)
    assert not failures, "\n".join(failures)


def test_signed_in_residents_are_refused_every_staff_page(app, seeded_bank):
    world = build_world()
    client = app.test_client()
    signed_in_resident(client)
    failures = run_matrix(app, client, world, "resident")
    assert not failures, "\n".join(failures)
