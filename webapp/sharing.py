"""What a page shares when forwarded (link cards read og:url and og:title): a resident's own
pages (a question of their attempt, their result) mean nothing to whoever opens them, so they
share the public page to start from."""

from __future__ import annotations

from flask import has_request_context, request, url_for

_DAILY = ("quiz.daily", "每日一练：每天 10 道科学小题")
_ASSESSMENT = ("quiz.assessment", "科学素质测评：测一测您的科学素质")
_COMPETITIONS = ("competitions.index", "科学素质竞赛")

#: the public page each personal page shares instead of itself
PUBLIC_TWIN = {
    "quiz.practice_question": _DAILY,
    "quiz.practice_feedback": _DAILY,
    "quiz.assessment_question": _ASSESSMENT,
    "quiz.assessment_result": _ASSESSMENT,
    "competitions.question": _COMPETITIONS,
    "competitions.result": _COMPETITIONS,
}


#: sign-in pages shown on the way to a public page share that page (a guest who tapped 测评
#: and forwards what is on screen means the assessment, not the sign-in form)
SIGN_IN_PAGES = ("auth.login", "auth.register_page")


def share_context() -> dict[str, str]:
    """``share_path`` and ``share_title`` for base.html, on personal and sign-in pages only."""
    if not has_request_context():  # a page rendered by a command, not for a visitor
        return {}
    twin = PUBLIC_TWIN.get(request.endpoint or "")
    if request.endpoint in SIGN_IN_PAGES:
        wanted = request.args.get("next", "")
        twin = next((t for t in set(PUBLIC_TWIN.values()) if url_for(t[0]) == wanted), None)
    if twin is None:
        return {}
    endpoint, title = twin
    return {"share_path": url_for(endpoint), "share_title": title}
