"""What staff pages say about the standard comes from the scoring rules in force
(``LEVEL_THRESHOLDS``, ``LEVEL_COMPARISON``), not from a number written into a template."""

from __future__ import annotations

from flask import current_app

from webapp.services.assessment import settings_from
from webapp.staff import bp


@bp.context_processor
def literate_reach() -> dict:
    """``literate_reach``: "达到 70 分" (≥) or "超过 70 分" (>)."""
    return {"literate_reach": settings_from(current_app.config).rules.reach_phrase("literate")}
