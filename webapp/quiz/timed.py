"""Answering a timed paper one item per screen, with no feedback until the end: the assessment
and competition entries share this flow (their pages differ only in endpoints and rules)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from scoring.rules import ScoringRules
from webapp.extensions import db
from webapp.models import Attempt
from webapp.models.base import utcnow
from webapp.quiz.context import (
    answer_slot_or_404,
    position_from,
    refused_choice,
    report_refused_answer,
    signed_in_owner,
)
from webapp.ratelimit import over_limit
from webapp.services.answering import answer, complete_if_overdue, finish_if_all_answered
from webapp.services.attempts import (
    AnswerRefused,
    item_at,
    minutes_left,
    next_position,
    question_view,
    seconds_left,
)

ANSWERS_PER_MINUTE = 60


def question_page(attempt: Attempt, rules: ScoringRules, answer_endpoint: str,
                  result_endpoint: str):
    """The next unanswered item; the result once the attempt is finished or its time is up
    (scored then with the answers it holds)."""
    now = utcnow()
    public_id = attempt.public_id
    if complete_if_overdue(attempt, now, rules):
        db.session.commit()
        flash("答题时间已到，已按您提交的答案计分。", "error")
    position = next_position(attempt)
    if position is None and attempt.finished_at is None:  # two last answers stored at once
        finish_if_all_answered(attempt, now, rules)
        db.session.commit()
    if attempt.finished_at is not None or position is None:
        return redirect(url_for(result_endpoint, public_id=public_id))
    return render_template(
        "quiz/question.html", attempt=attempt, minutes_left=minutes_left(attempt, now),
        seconds_left=seconds_left(attempt, now),
        q=question_view(item_at(attempt, position), attempt.size),
        action=url_for(answer_endpoint, public_id=public_id),
        tried=refused_choice(public_id, position))


def store_answer(public_id: str, kind: str, rules: ScoringRules, question_endpoint: str):
    """Store the signed-in resident's answer (rate limited), or say why it was refused, and
    go back to the question page, which moves on or shows the result."""
    owner = signed_in_owner()
    if owner is None:
        abort(404)
    position = position_from(request.form.get("position"))
    slot = answer_slot_or_404(public_id, position, owner, kind)
    if over_limit("answer", f"r{owner.resident_id}", ANSWERS_PER_MINUTE, 60):
        abort(429)
    now = utcnow()
    try:
        answer(slot, "".join(request.form.getlist("choice")), now, rules)
    except AnswerRefused as exc:
        db.session.rollback()
        report_refused_answer(exc, public_id, position, request.form.getlist("choice"))
        complete_if_overdue(db.session.get(Attempt, slot.attempt_id), now, rules)
    db.session.commit()
    return redirect(url_for(question_endpoint, public_id=public_id))
