"""Residents report a wrong item (纠错) from the answer page, and open a monitoring
invitation (抽样监测邀请) from the QR code on their slip."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.models.flag import FLAG_REASONS
from webapp.quiz import bp
from webapp.quiz.context import current_owner, current_resident, owned_attempt_or_404
from webapp.ratelimit import over_limit
from webapp.services.attempts import item_at
from webapp.services.flags import FlagError, flag_item
from webapp.services.sampling import redeem_invitation

FLAGS_PER_HOUR = 20
INVITATIONS_PER_MINUTE = 10
THANKS = "谢谢您！审核员会尽快核对这道题。"


@bp.context_processor
def inject_flag_reasons():
    return {"flag_reasons": FLAG_REASONS}


@bp.post("/practice/<public_id>/<int:position>/flag")
def flag(public_id, position):
    attempt = owned_attempt_or_404(public_id)
    owner = current_owner()
    if over_limit("flag", str(owner.resident_id or owner.guest_token), FLAGS_PER_HOUR, 3600):
        abort(429)
    attempt_item = item_at(attempt, position)
    if attempt_item is None or attempt_item.answer is None:
        abort(404)
    try:
        stored = flag_item(attempt_item, owner.resident_id, request.form.get("reason", ""),
                           request.form.get("note", ""), utcnow())
    except FlagError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(THANKS if stored else "您已经报告过这道题了，谢谢！", "ok")
    return redirect(url_for("quiz.practice_feedback", public_id=public_id, position=position))


@bp.get("/invite/<code>")
def invitation(code):
    if over_limit("invite", request.remote_addr or "-", INVITATIONS_PER_MINUTE, 60):
        abort(429)
    if len(code) > 12 or not code.isalnum():
        abort(404)
    resident = current_resident()
    if resident is None:
        return render_template("quiz/invitation.html", code=code)
    member = redeem_invitation(code, resident)
    if member is None:
        abort(404)
    db.session.commit()
    flash("感谢您参加科学素质抽样监测！请完成下面的测评。", "ok")
    return redirect(url_for("quiz.assessment"))
