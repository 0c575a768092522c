"""Residents' home, personal page, elderly-mode switch, privacy notice and QR codes."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import logout_user

from scoring.people import EDUCATIONS, SEXES
from webapp.auth.forms import OCCUPATION_CHOICES
from webapp.auth.views import safe_next
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.qr_codes import qr_png, qr_svg
from webapp.quiz import bp
from webapp.quiz.context import (
    ELDERLY_COOKIE,
    assessment_settings,
    current_resident,
    elderly_mode_on,
)
from webapp.quiz.results import counted_entry
from webapp.security import public_url
from webapp.services.answering import current_streak
from webapp.services.assessment import answerable_assessment, latest_result
from webapp.services.attempts import unanswered_count
from webapp.services.clock import china_day
from webapp.services.competition_review import collect_competition_mistakes
from webapp.services.competitions import finished_by, listed_for
from webapp.services.content import finished_slugs, pages, path_for
from webapp.services.divisions import by_codes, short_village_name
from webapp.services.practice import count_due, resident_group
from webapp.services.prize_contact import PRIZE_PLACES
from webapp.services.residents import attempts_summary, delete_resident_data

__all__ = ["bp"]
KIND_NAMES = {"daily": "每日一练", "topic": "专题练习", "review": "错题复习",
              "assessment": "科学素质测评", "lesson": "课后练习", "competition": "竞赛"}


@bp.app_context_processor
def inject_resident_context():
    return {"resident": current_resident(), "elderly": elderly_mode_on()}


@bp.get("/")
def home():
    resident = current_resident()
    now = utcnow()
    open_competitions = [c for c in listed_for(resident, now) if c.status(now) == "open"]
    context = {"open_competitions": open_competitions,
               "finished_competitions": finished_by(resident, open_competitions)}
    if resident is not None:
        answerable = answerable_assessment(resident.id, now, assessment_settings().rules)
        collect_competition_mistakes(resident.id, now)
        db.session.commit()  # an attempt past its deadline scored, competition mistakes filed
        context |= {
            "streak": current_streak(resident, now),
            "daily_done": resident.last_daily_on == china_day(now),
            "due": count_due(resident.id, china_day(now)),
            "latest": latest_result(resident.id),
            "open_assessment": answerable,
            "group": resident_group(resident, now),
        }
        context.update(path_context(resident_group(resident, now)))
    return render_template("quiz/home.html", **context)


def path_context(group: str | None) -> dict:
    """The resident's learning path with titles and what they have finished."""
    path = path_for(group)
    if path is None:
        return {}
    resident = current_resident()
    finished = finished_slugs(resident.id) if resident else set()
    titles = {p.slug: p.title for p in pages("lesson")}
    return {"path": path, "finished": finished, "path_titles": titles,
            "path_done": sum(1 for slug in path.lessons if slug in finished)}


@bp.get("/me")
def me():
    resident = current_resident()
    if resident is None:
        return redirect(url_for("auth.login", next=request.path))
    places = by_codes(c for c in (resident.county_code, resident.township_code,
                                  resident.village_code) if c)
    place = " ".join(short_village_name(places[c].name) for c in (
        resident.county_code, resident.township_code, resident.village_code) if c in places)
    # an open assessment past its deadline is scored here, so that 我的 shows its score instead
    current = answerable_assessment(resident.id, utcnow(), assessment_settings().rules)
    db.session.commit()
    answered = current.size - unanswered_count(current) if current else 0
    latest = latest_result(resident.id)
    occupations = {choice.value: choice.label for choice in OCCUPATION_CHOICES}
    return render_template("quiz/me.html", attempts=attempts_summary(resident.id),
                           latest=latest, place=place, current=current, answered=answered,
                           sex=SEXES.get(resident.sex),
                           education=EDUCATIONS.get(resident.education),
                           occupation=occupations.get(resident.occupation),
                           latest_unanswered=unanswered_count(latest) if latest else 0,
                           counted=counted_entry(resident.id),
                           kind_names=KIND_NAMES)


@bp.post("/me/delete")
def delete_me():
    resident = current_resident()
    if resident is None:
        abort(403)
    # str.strip() also drops full-width spaces (U+3000) that some keyboards add
    if (request.form.get("confirm") or "").strip() != "删除":
        # the section opens again at its box, with the message beside it
        return redirect(url_for("quiz.me", confirm="again", _anchor="delete"))
    delete_resident_data(resident, utcnow())
    db.session.commit()
    logout_user()
    flash("您的个人信息已删除。答题记录已匿名保存，只用于统计。", "ok")
    return redirect(url_for("quiz.home"))


@bp.post("/mode/elderly")
def toggle_elderly():
    turn_on = request.form.get("on") == "1"
    resident = current_resident()
    if resident is not None:
        resident.elderly_mode = turn_on
        db.session.commit()
    response = redirect(safe_next(request.form.get("next"), url_for("quiz.home")))
    response.set_cookie(ELDERLY_COOKIE, "1" if turn_on else "0", max_age=3 * 365 * 86400,
                        samesite="Lax", httponly=True)
    return response


@bp.get("/privacy")
def privacy():
    return render_template("quiz/privacy.html", prize_places=PRIZE_PLACES,
                           share_description="我们收集哪些个人信息、用来做什么、保存多久、怎么查看和删除。")


#: longer paths make QR codes too dense to scan from a poster (and past ~2,300 bytes, impossible)
QR_MAX_PATH = 300


@bp.get("/qr")
def qr_code():
    """A QR code for any page of this site, for posters and notice boards: SVG (sharp at any
    print size), or PNG with ``format=png`` (a phone can long-press to save or share it, which
    WeChat does not offer for SVG)."""
    path = request.args.get("path", "/")
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        abort(400)
    if len(path) > QR_MAX_PATH:
        return render_template(
            "errors/error.html", code=400,
            message=f"链接太长，无法生成二维码（不超过 {QR_MAX_PATH} 个字符）。"), 400
    if request.args.get("format") == "png":
        response = Response(qr_png(public_url(path)), mimetype="image/png")
    else:
        response = Response(qr_svg(public_url(path)), mimetype="image/svg+xml")
    # Without PUBLIC_URL the address comes from the Host header, which anyone can forge: such
    # a code must not be kept by shared caches and served to others.
    scope = "public" if current_app.config.get("PUBLIC_URL") else "private"
    response.headers["Cache-Control"] = f"{scope}, max-age=86400"
    return response
