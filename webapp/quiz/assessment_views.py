"""The standard assessment (科学素质测评): start, answer one item per screen, result."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for

from question_bank.papers import BlueprintError
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.quiz import bp
from webapp.quiz.context import (
    assessment_settings,
    current_resident,
    not_found_attempt,
    owned_attempt_or_404,
)
from webapp.quiz.results import result_context
from webapp.quiz.timed import question_page, store_answer
from webapp.services.assessment import (
    AssessmentUnavailable,
    answerable_assessment,
    latest_result,
    next_allowed_at,
    start_assessment,
)


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
    return question_page(_own_assessment(public_id), assessment_settings().rules,
                         "quiz.assessment_answer", "quiz.assessment_result")


@bp.post("/assessment/<public_id>/answer")
def assessment_answer(public_id):
    return store_answer(public_id, "assessment", assessment_settings().rules,
                        "quiz.assessment_question")


@bp.get("/assessment/<public_id>/result")
def assessment_result(public_id):
    attempt = _own_assessment(public_id)
    if attempt.finished_at is None:
        return redirect(url_for("quiz.assessment_question", public_id=public_id))
    return render_template("quiz/result.html", **result_context(attempt))


def _own_assessment(public_id):
    attempt = owned_attempt_or_404(public_id)
    if attempt.kind != "assessment" or current_resident() is None:
        not_found_attempt()
    return attempt
