"""Who may open which staff page: the blueprint-wide guard, the role rule on every view, and
lookups by id that apply the acting staff member's scope (404 outside it).

A view without a ``@roles(...)`` rule is refused to everyone: new pages are closed by default.
"""

from __future__ import annotations

import time

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from webapp.extensions import db
from webapp.models import (
    Competition,
    Division,
    Item,
    ItemFlag,
    MonitoringSample,
    RosterEntry,
    SampleMember,
    Staff,
)
from webapp.models.staff import ROLE_NAMES
from webapp.services.competitions import get_competition
from webapp.services.ledger_lists import LedgerRow, get_ledger_row
from webapp.services.rosters import get_roster_entry
from webapp.services.sampling import get_member, get_sample
from webapp.services.scope import Scope, scope_of
from webapp.services.staff_accounts import get_account
from webapp.staff import bp

ALL_ROLES = ("city_admin", "county_admin", "township_staff", "village_staff", "reviewer")
PEOPLE = ("city_admin", "county_admin", "township_staff", "village_staff")
ACCOUNT_MANAGERS = ("city_admin", "county_admin", "township_staff")
ADMINS = ("city_admin", "county_admin")
BANK = ("city_admin", "reviewer")
#: roles whose work needs full phone numbers (calling residents); they must still ask.
PHONE_ROLES = ("township_staff", "village_staff")
#: competitions are organised by cities, counties and townships.
ORGANISERS = ("city_admin", "county_admin", "township_staff")
#: township staff and above may revoke ledger entries; village staff enter them.
REVOKERS = ("city_admin", "county_admin", "township_staff")
SEEN_KEY = "staff_seen_at"


def roles(*names: str):
    """Allow a view to these roles only (checked by :func:`guard`)."""
    unknown = set(names) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view):
        view.staff_roles = frozenset(names)
        return view

    return decorator


def public(view):
    """The one exemption from the guard: the login page."""
    view.staff_public = True
    return view


@bp.before_request
def guard():
    """Signed-in staff, active, not idle too long, with a role the view allows."""
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "staff_public", False):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
    staff = current_user._get_current_object()
    if not isinstance(staff, Staff):
        abort(403)  # a resident's session never opens staff pages
    now = time.time()
    idle = current_app.config.get("STAFF_IDLE_MINUTES", 30) * 60
    seen = session.get(SEEN_KEY)
    if not isinstance(seen, int | float) or now - seen > idle:
        logout_user()
        session.pop(SEEN_KEY, None)
        flash("长时间未操作，已自动退出，请重新登录。", "error")
        return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
    session[SEEN_KEY] = now
    if staff.role not in getattr(view, "staff_roles", ()):
        abort(403)
    if staff.must_change_password and request.endpoint not in ("staff.password", "staff.logout"):
        return redirect(url_for("staff.password"))  # which says why, once
    return None


@bp.app_context_processor
def inject_staff():
    return {"staff_user": current_staff(), "staff_role_names": ROLE_NAMES}


def current_staff() -> Staff | None:
    if current_user.is_authenticated and isinstance(current_user._get_current_object(), Staff):
        return current_user._get_current_object()
    return None


def staff() -> Staff:
    """The acting staff member (the guard has checked there is one)."""
    return current_user._get_current_object()


def scope() -> Scope:
    """The acting staff member's scope: use it in every query."""
    return scope_of(staff())


def client_ip() -> str | None:
    return request.remote_addr


def roster_entry_or_404(entry_id: int) -> RosterEntry:
    return get_roster_entry(entry_id, scope()) or abort(404)


def ledger_row_or_404(entry_id: int) -> LedgerRow:
    return get_ledger_row(entry_id, scope()) or abort(404)


def sample_or_404(sample_id: int) -> MonitoringSample:
    return get_sample(sample_id, scope()) or abort(404)


def member_or_404(member_id: int) -> SampleMember:
    return get_member(member_id, scope()) or abort(404)


def account_or_404(account_id: int) -> Staff:
    return get_account(account_id, staff(), scope()) or abort(404)


def division_or_404(code: str) -> Division:
    division = db.session.get(Division, code)
    if division is None or not scope().contains(division.code):
        abort(404)
    return division


def competition_or_404(competition_id: int) -> Competition:
    return get_competition(competition_id, scope()) or abort(404)


def item_or_404(item_id: int) -> Item:
    return db.get_or_404(Item, item_id)


def flag_or_404(flag_id: int) -> ItemFlag:
    return db.get_or_404(ItemFlag, flag_id)
