"""Residents' competition pages: the list, one competition with its standings, answering one
item per screen, and the entrant's result (keys and explanations once the competition ends)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from scoring.rules import ScoringRules
from webapp.competitions import bp
from webapp.extensions import db
from webapp.models import Attempt
from webapp.models.base import utcnow
from webapp.models.division import LEVEL_NAMES
from webapp.quiz.context import (
    current_resident,
    not_found_attempt,
    owned_attempt_or_404,
)
from webapp.quiz.results import explained_items
from webapp.quiz.timed import question_page, store_answer
from webapp.security import db_int
from webapp.services.attempts import (
    all_items,
    unanswered_count,
)
from webapp.services.competition_review import collect_competition_mistakes
from webapp.services.competition_units import (
    OTHER_UNIT_ID,
    OTHER_UNIT_NAME,
    offers_other,
    recent_unit_results,
    unit_of,
)
from webapp.services.competitions import (
    STATUS_NAMES,
    CompetitionRefused,
    close_overdue_entries,
    entries_of,
    entry_of,
    get_competition,
    keys_public,
    listed_for,
    may_enter,
    minutes_to_end,
    organisers,
    start_entry,
)
from webapp.services.standings import (
    finished_count,
    rank_of_entry,
    recent_participation,
    top_standings,
)
from webapp.services.taxonomy import current_taxonomy


@bp.get("/competitions")
def index():
    resident = current_resident()
    now = utcnow()
    listed = listed_for(resident, now)
    entries = entries_of(resident.id, listed) if resident is not None else {}
    return render_template("competitions/index.html", competitions=listed, entries=entries,
                           now=now, status_names=STATUS_NAMES, organisers=organisers(listed))


@bp.get("/competitions/<int:competition_id>")
def detail(competition_id):
    competition = get_competition(competition_id) or abort(404)
    resident = current_resident()
    now = utcnow()
    entry = entry_of(competition, resident.id) if resident is not None else None
    if close_overdue_entries(now, competition=competition):
        db.session.commit()  # entries past their deadline scored, so the standings hold them
    level, areas = recent_participation(competition, now)
    return render_template(
        "competitions/detail.html", competition=competition, status=competition.status(now),
        organiser=organisers([competition])[competition.id],
        status_names=STATUS_NAMES, entry=entry, may_enter=may_enter(competition, resident),
        standings=top_standings(competition, 20), entrants=finished_count(competition),
        area_level=level, areas=areas, area_names=current_taxonomy().areas,
        level_names=LEVEL_NAMES,
        units=recent_unit_results(competition, now),
        other_unit=OTHER_UNIT_NAME if offers_other(competition) else None,
        other_unit_id=OTHER_UNIT_ID,
        areas_every=current_app.config.get("COMPETITION_CACHE_SECONDS", 60),
        minutes_to_end=minutes_to_end(competition, now),
        page_title=competition.title,
        share_description=competition.description or "科学素质网络竞赛，手机上就能参加。")


@bp.post("/competitions/<int:competition_id>/start")
def start(competition_id):
    competition = get_competition(competition_id) or abort(404)
    here = url_for("competitions.detail", competition_id=competition_id)
    resident = current_resident()
    if resident is None:
        return redirect(url_for("auth.login", next=here))
    if not resident.has_profile:
        return redirect(url_for("auth.profile", next=here))
    try:
        entry = start_entry(competition, resident, utcnow(),
                            unit_id=request.form.get("unit", type=db_int))
    except CompetitionRefused as exc:
        db.session.commit()  # an entry found past its deadline has just been scored
        flash(str(exc), "error")
        if exc.entry is not None:
            return redirect(url_for("competitions.result", public_id=exc.entry.public_id))
        return redirect(here)
    db.session.commit()
    return redirect(url_for("competitions.question", public_id=entry.public_id))


@bp.get("/competitions/entry/<public_id>")
def question(public_id):
    return question_page(_own_entry(public_id), ScoringRules(), "competitions.answer_item",
                         "competitions.result")


@bp.post("/competitions/entry/<public_id>/answer")
def answer_item(public_id):
    return store_answer(public_id, "competition", ScoringRules(), "competitions.question")


@bp.get("/competitions/entry/<public_id>/result")
def result(public_id):
    entry = _own_entry(public_id)
    if entry.finished_at is None:
        return redirect(url_for("competitions.question", public_id=public_id))
    competition = get_competition(entry.competition_id)
    now = utcnow()
    ended = keys_public(competition, now)
    reviews, held = explained_items(all_items(entry), entry.size) if ended else ([], 0)
    if ended and collect_competition_mistakes(entry.resident_id, now):
        db.session.commit()
    return render_template(
        "competitions/result.html", entry=entry, competition=competition,
        rank=rank_of_entry(entry), entrants=finished_count(competition), ended=ended,
        reviews=reviews, held=held, unit=unit_of(entry),
        unanswered=unanswered_count(entry))


def _own_entry(public_id: str) -> Attempt:
    entry = owned_attempt_or_404(public_id)
    if entry.kind != "competition" or current_resident() is None:
        not_found_attempt()
    return entry
