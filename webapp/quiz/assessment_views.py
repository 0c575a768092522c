"""The standard assessment (科学素质测评): start, answer one item per screen, result."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from question_bank.papers import BlueprintError
from webapp.extensions import db
from webapp.models import Attempt
from webapp.models.base import utcnow
from webapp.quiz import bp
from webapp.quiz.context import (
    answer_slot_or_404,
    assessment_settings,
    current_resident,
    owned_attempt_or_404,
    position_from,
    signed_in_resident_id,
)
from webapp.quiz.results import result_context
from webapp.ratelimit import over_limit
from webapp.services.answering import answer, complete, finish_if_all_answered
from webapp.services.assessment import (
    AssessmentUnavailable,
    answerable_assessment,
    latest_result,
    next_allowed_at,
    start_assessment,
)
from webapp.services.attempts import (
    AnswerRefused,
    Owner,
    is_past_deadline,
    item_at,
    minutes_left,
    next_position,
    question_view,
)

ANSWERS_PER_MINUTE = 60


def _resident_or_redirect():
    resident = current_resident()
    if resident is None:
        return None, redirect(url_for("auth.login", next=url_for("quiz.assessment")))
    if not resident.has_profile:
        return None, redirect(url_for("auth.profile", next=url_for("quiz.assessment")))
    return resident, None


@bp.get("/assessment")
def assessment():
    resident, response = _resident_or_redirect()
    if response:
        return response
    settings = assessment_settings()
    now = utcnow()
    current = answerable_assessment(resident.id, now, settings.rules)
    db.session.commit()  # an attempt found past its deadline has just been scored
    allowed = next_allowed_at(resident.id, settings)
    return render_template(
        "quiz/assessment.html", current=current, latest=latest_result(resident.id),
        settings=settings, wait_until=allowed if allowed and allowed > now else None)


@bp.post("/assessment/start")
def start():
    resident, response = _resident_or_redirect()
    if response:
        return response
    try:
        attempt = start_assessment(resident, assessment_settings(), utcnow())
    except AssessmentUnavailable as exc:
        db.session.commit()  # an attempt found past its deadline has just been scored
        if exc.closed is not None:
            flash("上次测评的答题时间已到，已按您提交的答案计分。", "error")
            flash(str(exc), "error")
            return redirect(url_for("quiz.assessment_result", public_id=exc.closed.public_id))
        flash(str(exc), "error")
        return redirect(url_for("quiz.assessment"))
    except BlueprintError:
        db.session.commit()  # keep the score of an attempt found past its deadline
        current_app.logger.exception("assessment paper could not be drawn")
        flash("题库暂时无法组成测评试卷，请稍后再试。", "error")
        return redirect(url_for("quiz.assessment"))
    db.session.commit()
    return redirect(url_for("quiz.assessment_question", public_id=attempt.public_id))


@bp.get("/assessment/<public_id>")
def assessment_question(public_id):
    attempt = _own_assessment(public_id)
    now = utcnow()
    if attempt.finished_at is None and is_past_deadline(attempt, now):
        complete(attempt, now, assessment_settings().rules)
        db.session.commit()
        flash("答题时间已到，已按您提交的答案计分。", "error")
    position = next_position(attempt)
    if position is None and attempt.finished_at is None:  # two last answers stored at once
        finish_if_all_answered(attempt, now, assessment_settings().rules)
        db.session.commit()
    if attempt.finished_at is not None or position is None:
        return redirect(url_for("quiz.assessment_result", public_id=public_id))
    return render_template(
        "quiz/question.html", attempt=attempt, minutes_left=minutes_left(attempt, now),
        q=question_view(item_at(attempt, position), attempt.size),
        action=url_for("quiz.assessment_answer", public_id=public_id))


@bp.post("/assessment/<public_id>/answer")
def assessment_answer(public_id):
    resident_id = signed_in_resident_id()
    if resident_id is None:
        abort(404)
    slot = answer_slot_or_404(public_id, position_from(request.form.get("position")),
                              Owner(resident_id=resident_id), "assessment")
    if over_limit("answer", f"r{resident_id}", ANSWERS_PER_MINUTE, 60):
        abort(429)
    now = utcnow()
    rules = assessment_settings().rules
    try:
        answer(slot, "".join(request.form.getlist("choice")), now, rules)
    except AnswerRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        attempt = db.session.get(Attempt, slot.attempt_id)
        if is_past_deadline(attempt, now):
            complete(attempt, now, rules)
    db.session.commit()
    return redirect(url_for("quiz.assessment_question", public_id=public_id))


@bp.get("/assessment/<public_id>/result")
def assessment_result(public_id):
    attempt = _own_assessment(public_id)
    if attempt.finished_at is None:
        return redirect(url_for("quiz.assessment_question", public_id=public_id))
    return render_template("quiz/result.html", **result_context(attempt))


def _own_assessment(public_id):
    attempt = owned_attempt_or_404(public_id)
    if attempt.kind != "assessment" or current_resident() is None:
        abort(404)
    return attempt
