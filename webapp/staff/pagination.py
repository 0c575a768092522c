"""Pages of query results. Flask-SQLAlchemy's ``db.paginate`` keeps only the first entity of a
select; staff lists select several (an entry with its village, its staff member...)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import request, url_for
from sqlalchemy import Select, func, select

from webapp.extensions import db
from webapp.staff import bp

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(stmt: Select, page: int = 1, per_page: int = PER_PAGE, *,
             scalars: bool = False) -> Page:
    """Rows (tuples, or the first entity when ``scalars``) of page ``page`` (from 1)."""
    total = db.session.scalar(select(func.count()).select_from(
        stmt.order_by(None).subquery())) or 0
    page = max(1, min(page, max(1, math.ceil(total / per_page))))
    limited = stmt.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(limited)
    items = list(result.scalars()) if scalars else list(result.all())
    return Page(items, page, per_page, total)


@bp.app_template_global()
def page_url(number: int, args: dict | None = None) -> str:
    """This page's URL with the same filters and another page number."""
    return url_for(request.endpoint, **{**(request.view_args or {}), **(args or {}),
                                        "page": number})
