"""Who is asking, for resident pages: the signed-in resident, or a guest token in the session."""

from __future__ import annotations

import secrets
from typing import NoReturn

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from webapp.extensions import login_manager
from webapp.models import Attempt, Resident
from webapp.models.session_ids import parse_session_id
from webapp.services.answer_slot import AnswerSlot, load_slot
from webapp.services.assessment import AssessmentSettings, settings_from
from webapp.services.attempts import AnswerRefused, Owner, TooFewChoices, get_owned_attempt

ELDERLY_COOKIE = "elderly"
#: no attempt has more positions (the assessment has 50); a larger number never reaches SQL
MAX_POSITION = 1000


def current_resident() -> Resident | None:
    if current_user.is_authenticated and isinstance(current_user._get_current_object(), Resident):
        return current_user._get_current_object()
    return None


def signed_in_owner() -> Owner | None:
    """The signed-in resident as an owner, read from the session without loading the account.

    For the answer path, which runs for every item: :func:`answer_slot_or_404` checks in its
    one query that the account still exists undeleted and that its password has not changed
    since the session began. Flask-Login's "basic" session protection never signs anyone out,
    so reading ``_user_id`` directly is equivalent; with "strong" protection, or without
    ``_user_id`` in the session (a remember-me cookie only), Flask-Login loads the account."""
    parsed = parse_session_id(session.get("_user_id", ""))
    protection = current_app.config.get("SESSION_PROTECTION", login_manager.session_protection)
    if parsed and parsed[0] == "resident" and protection != "strong":
        return Owner(resident_id=parsed[1], password_token=parsed[2])
    resident = current_resident()
    return Owner(resident_id=resident.id) if resident is not None else None


#: the options ticked in a refused answer (one option of a multiple-choice item), so the page
#: shown again keeps them ticked: (public id, position, display letters).
REFUSED_CHOICE = "refused_choice"


def remember_refused_choice(public_id: str, position: int, choice: list[str]) -> None:
    letters = "".join(sorted({c for c in choice if c in "ABCDEF"}))
    session[REFUSED_CHOICE] = [public_id, position, letters]


def report_refused_answer(exc: AnswerRefused, public_id: str, position: int,
                          choice: list[str]) -> None:
    """Say why an answer was not stored and keep its ticks for the page shown again. One tick
    on a multiple-choice item is said once, by the hint under the stem, not again above it."""
    if not isinstance(exc, TooFewChoices):
        flash(str(exc), "error")
    remember_refused_choice(public_id, position, choice)


def refused_choice(public_id: str, position: int) -> str:
    """The letters a refused answer ticked for this position ("" otherwise), once."""
    kept = session.pop(REFUSED_CHOICE, None)
    if isinstance(kept, list) and kept[:2] == [public_id, position]:
        return str(kept[2])
    return ""


def position_from(value: str | None) -> int:
    """The position a form names, or 0 (which no attempt has, so the answer is refused with
    "题号不存在") when it is missing, not a number or outside 1..MAX_POSITION: SQLite cannot
    even bind a 25-digit integer."""
    try:
        position = int(value or "")
    except ValueError:
        return 0
    return position if 1 <= position <= MAX_POSITION else 0


def answer_slot_or_404(public_id: str, position: int, owner: Owner | None, kind: str | None
                       ) -> AnswerSlot:
    """The position of the owner's attempt (of ``kind``, when given), else 404."""
    slot = load_slot(public_id, position)
    if slot is None or not slot.owned_by(owner) or (kind and slot.kind != kind):
        abort(404)
    return slot


def current_owner(create: bool = False) -> Owner | None:
    """The resident, else the guest token (made on first practice when ``create``)."""
    resident = current_resident()
    if resident is not None:
        return Owner(resident_id=resident.id)
    token = session.get("guest_token")
    if token is None and create:
        token = session["guest_token"] = secrets.token_hex(16)
    return Owner(guest_token=token) if token else None


def owned_attempt_or_404(public_id: str) -> Attempt:
    """The attempt if this resident or guest owns it. Signed out (the session ended, or a link
    opened from WeChat's chat history), a page of it leads to sign-in and back, instead of
    saying it does not exist; signed in, another's attempt is 404."""
    owner = current_owner()
    attempt = get_owned_attempt(public_id, owner) if owner else None
    if attempt is None:
        if current_resident() is None and request.method == "GET":
            flash("请先登录，登录后会回到这一页。", "error")
            abort(redirect(url_for("auth.login", next=request.full_path.rstrip("?"))))
        not_found_attempt()
    return attempt


def not_found_attempt() -> NoReturn:
    """404 for an attempt this visitor does not own, or that does not exist (the same page, so
    nothing tells the two apart). A page opened from a link forwarded in WeChat says where to
    start instead of only 页面不存在."""
    if request.method != "GET":
        abort(404)
    abort(make_response(render_template("quiz/not_yours.html"), 404))


def assessment_settings() -> AssessmentSettings:
    return settings_from(current_app.config)


def elderly_mode_on() -> bool:
    resident = current_resident()
    if resident is not None and resident.elderly_mode:
        return True
    return request.cookies.get(ELDERLY_COOKIE) == "1"
