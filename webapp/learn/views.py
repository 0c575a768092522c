"""Lesson and debunk pages: lists by area and benchmark, keyword search, reading progress."""

from __future__ import annotations

import random
import secrets

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from content.schema import VERDICTS
from question_bank.papers import Candidate
from webapp.extensions import db
from webapp.learn import bp
from webapp.models.base import utcnow
from webapp.quiz.context import current_owner, current_resident
from webapp.services.attempts import create_attempt
from webapp.services.bank import published_candidates
from webapp.services.content import finished_slugs, mark_reading, page_by_slug, pages
from webapp.services.practice import hidden_item_ids
from webapp.services.taxonomy import current_taxonomy

__all__ = ["bp"]


@bp.app_context_processor
def inject_verdict_names():
    return {"verdict_names": VERDICTS}


def _taxonomy():
    return current_taxonomy(current_app.config.get("TAXONOMY_DIR"))


#: shown when a link names an area or benchmark that does not exist (an old or mistyped link)
UNKNOWN_FILTER_NOTE = "没有找到链接里的这个专题，可能链接已过期。您可以看看下面的文章。"


@bp.get("/learn")
def index():
    taxonomy = _taxonomy()
    raw_area = (request.args.get("area") or "").strip()
    raw_bench = (request.args.get("benchmark") or "").strip()
    area = raw_area if raw_area in taxonomy.areas else None
    bench = {str(n): n for n in taxonomy.benchmarks}.get(raw_bench)
    unknown = (raw_area and area is None) or (raw_bench and bench is None)
    query = (request.args.get("q") or "").strip()[:50] or None
    resident = current_resident()
    return render_template(
        "learn/index.html", lessons=pages("lesson", area=area, benchmark=bench, query=query),
        taxonomy=taxonomy, area=area, benchmark=bench, query=query or "",
        note=UNKNOWN_FILTER_NOTE if unknown else None,
        finished=finished_slugs(resident.id) if resident else set(), page_title="学一学",
        share_description="健康、安全、防诈骗的科普小文章，看得懂、用得上，读完还能练一练。")


@bp.get("/learn/<slug>")
def lesson(slug):
    page = page_by_slug("lesson", slug) or abort(404)
    resident = current_resident()
    if resident is not None:
        mark_reading(resident.id, page, finished=False, now=utcnow())
        db.session.commit()
    return render_template("learn/lesson.html", page=page, taxonomy=_taxonomy(),
                           finished=resident is not None and slug in finished_slugs(resident.id),
                           page_title=page.title, share_description=page.summary)


@bp.post("/learn/<slug>/done")
def lesson_done(slug):
    page = page_by_slug("lesson", slug) or abort(404)
    resident = current_resident()
    if resident is None:
        return redirect(url_for("auth.login", next=url_for("learn.lesson", slug=slug)))
    mark_reading(resident.id, page, finished=True, now=utcnow())
    db.session.commit()
    return redirect(url_for("learn.lesson", slug=slug) + "#practice")


@bp.post("/learn/<slug>/practice")
def lesson_practice(slug):
    """Start the lesson's own 3–5 practice items."""
    page = page_by_slug("lesson", slug) or abort(404)
    owner = current_owner(create=True)
    wanted = set(page.practice_item_ids) - hidden_item_ids(owner)
    picks: list[Candidate] = [c for c in published_candidates() if c.item_id in wanted]
    if not picks:
        if page.practice_item_ids:  # all held by an open assessment or a competition
            flash("这节课的练习题正在您的测评或正在进行的竞赛里，"
                  "测评交卷、竞赛结束后再来练习。", "error")
            return redirect(url_for("learn.lesson", slug=slug))
        abort(404)
    seed = secrets.randbits(31)
    attempt = create_attempt(owner, "lesson", picks, utcnow(),
                             random.Random(seed), topic=slug[:80], seed=seed)
    db.session.commit()
    return redirect(url_for("quiz.practice_question", public_id=attempt.public_id))


@bp.get("/rumors")
def rumors():
    query = (request.args.get("q") or "").strip()[:50] or None
    return render_template("learn/rumors.html", debunks=pages("debunk", query=query),
                           query=query or "", page_title="科学辟谣",
                           share_description="朋友圈里流传的说法靠不靠谱？看看科学怎么说。")


@bp.get("/rumors/<slug>")
def rumor(slug):
    page = page_by_slug("debunk", slug) or abort(404)
    return render_template("learn/rumor.html", page=page, page_title=page.title,
                           share_description=f"谣言：{page.summary}")
