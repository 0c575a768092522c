"""Practice: daily (每日一练), topic (专题练习) and review book (错题本).

After each answer the resident sees right or wrong, the key and the explanation.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from question_bank.papers import NoItemsError
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.models.quiz import TEST_KINDS
from webapp.quiz import bp
from webapp.quiz.context import (
    MAX_POSITION,
    answer_slot_or_404,
    assessment_settings,
    current_owner,
    current_resident,
    owned_attempt_or_404,
    position_from,
    refused_choice,
    report_refused_answer,
)
from webapp.ratelimit import over_limit
from webapp.security import db_int
from webapp.services.answer_slot import repeats_stored
from webapp.services.answering import answer, finish_if_all_answered
from webapp.services.attempts import (
    AnswerRefused,
    all_items,
    feedback_for,
    item_at,
    next_position,
    question_view,
)
from webapp.services.clock import china_day
from webapp.services.competition_review import collect_competition_mistakes
from webapp.services.learning_links import lesson_link_for
from webapp.services.practice import (
    REVIEW_SIZE,
    hidden_item_ids,
    start_daily,
    start_review,
    start_topic,
)
from webapp.services.review_book import RIGHT_IN_A_ROW_TO_CLEAR, open_entries, stems
from webapp.services.taxonomy import current_taxonomy

ANSWERS_PER_MINUTE = 60
#: questions the review book lists by name; a long book stays a light page on a slow network.
REVIEW_LISTED = 30


@bp.get("/practice/daily")
def daily():
    attempt = start_daily(current_owner(create=True), current_resident(), utcnow())
    db.session.commit()
    return redirect(url_for("quiz.practice_question", public_id=attempt.public_id))


@bp.get("/practice/topic")
def topic():
    taxonomy = current_taxonomy(current_app.config.get("TAXONOMY_DIR"))
    return render_template("quiz/topic.html", taxonomy=taxonomy)


@bp.post("/practice/topic")
def start_topic_practice():
    area = request.form.get("area") or None
    bench = request.form.get("benchmark", type=db_int)
    taxonomy = current_taxonomy(current_app.config.get("TAXONOMY_DIR"))
    if (
        (area and area not in taxonomy.areas)
        or (bench and bench not in taxonomy.benchmarks)
        or not (area or bench)
    ):
        abort(400)
    try:
        attempt = start_topic(current_owner(create=True), utcnow(), area=area, benchmark=bench)
    except NoItemsError:
        flash("这个专题暂时没有题目，请换一个。", "error")
        return redirect(url_for("quiz.topic"))
    db.session.commit()
    return redirect(url_for("quiz.practice_question", public_id=attempt.public_id))


@bp.get("/review")
def review():
    resident = current_resident()
    if resident is None:
        return render_template("quiz/review.html", entries=None)
    now = utcnow()
    collect_competition_mistakes(resident.id, now)
    db.session.commit()
    entries = open_entries(resident.id)  # soonest due first
    today = china_day(now)
    return render_template("quiz/review.html", entries=entries, today=today,
                           tomorrow=today + dt.timedelta(days=1),
                           stems=stems([e.item_id for e in entries[:REVIEW_LISTED]]),
                           listed=REVIEW_LISTED, to_clear=RIGHT_IN_A_ROW_TO_CLEAR,
                           round_size=REVIEW_SIZE,
                           due_count=sum(1 for e in entries if e.due_on <= today))


@bp.post("/review/start")
def start_review_practice():
    resident = current_resident()
    if resident is None:
        return redirect(url_for("auth.login", next=url_for("quiz.review")))
    try:
        attempt = start_review(resident.id, utcnow())
    except NoItemsError as exc:
        flash(str(exc), "ok")
        return redirect(url_for("quiz.review"))
    db.session.commit()
    return redirect(url_for("quiz.practice_question", public_id=attempt.public_id))


@bp.get("/practice/<public_id>")
def practice_question(public_id):
    attempt = _own_practice(public_id)
    position = next_position(attempt)
    if position is None:
        if attempt.finished_at is None:  # two last answers stored at once
            finish_if_all_answered(attempt, utcnow(), assessment_settings().rules)
            db.session.commit()
        held = hidden_item_ids(current_owner())  # drawn before an assessment or competition
        items = [ai for ai in all_items(attempt) if ai.version.item_id not in held]
        return render_template(
            "quiz/practice_done.html",
            attempt=attempt,
            correct=sum(1 for ai in items if ai.answer.is_correct),
            held=attempt.size - len(items),
            missed=[(question_view(ai, attempt.size), feedback_for(ai))
                    for ai in items if not ai.answer.is_correct],
        )
    return render_template(
        "quiz/question.html",
        attempt=attempt,
        q=question_view(item_at(attempt, position), attempt.size),
        action=url_for("quiz.practice_answer", public_id=public_id),
        tried=refused_choice(public_id, position),
    )


@bp.post("/practice/<public_id>/answer")
def practice_answer(public_id):
    owner = current_owner()
    position = position_from(request.form.get("position"))
    slot = answer_slot_or_404(public_id, position, owner, None)
    if slot.kind in TEST_KINDS:  # their keys wait for the end of the paper
        abort(404)
    if over_limit("answer", str(owner.resident_id or owner.guest_token), ANSWERS_PER_MINUTE, 60):
        abort(429)
    choice = "".join(request.form.getlist("choice"))
    try:
        result = answer(slot, choice, utcnow(), assessment_settings().rules)
    except AnswerRefused as exc:
        db.session.rollback()
        report_refused_answer(exc, public_id, position, request.form.getlist("choice"))
        return redirect(url_for("quiz.practice_question", public_id=public_id))
    db.session.commit()
    if not result.stored and not repeats_stored(slot, choice):
        flash("这道题已经答过了，以第一次提交的答案为准。", "error")
    return redirect(url_for("quiz.practice_feedback", public_id=public_id, position=position))


@bp.get(f"/practice/<public_id>/<int(max={MAX_POSITION}):position>")
def practice_feedback(public_id, position):
    attempt = _own_practice(public_id)
    item = item_at(attempt, position)
    if item is None or item.answer is None:
        return redirect(url_for("quiz.practice_question", public_id=public_id))
    # a set drawn before an assessment or a competition began may share items: verdict and
    # key wait
    if item.version.item_id in hidden_item_ids(current_owner()):
        return render_template("quiz/feedback_held.html", attempt=attempt,
                               q=question_view(item, attempt.size),
                               has_next=next_position(attempt) is not None)
    return render_template(
        "quiz/feedback.html",
        attempt=attempt,
        q=question_view(item, attempt.size),
        fb=feedback_for(item),
        lesson=lesson_link_for(item.version.benchmark, item.version.areas,
                               item.version.stem + item.version.explanation),
        has_next=next_position(attempt) is not None,
    )


def _own_practice(public_id):
    """The owner's practice attempt; an assessment's or a competition entry's keys wait for
    its end, so 404 here."""
    attempt = owned_attempt_or_404(public_id)
    if attempt.kind in TEST_KINDS:
        abort(404)
    return attempt
