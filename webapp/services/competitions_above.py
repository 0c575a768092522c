"""Competitions organised above a staff member's division that its residents may enter (a
county's competition, seen by the county's townships and villages). Staff there cannot change
them, but they promote them and follow how many of their own residents have taken part."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Attempt, Competition, CompetitionEntryPlace
from webapp.services.divisions import lineage
from webapp.services.scope import Scope
from webapp.services.standings import FINISHED

#: how long after its end a competition from above stays on the list
RECENT_DAYS = 30


def competitions_above(scope: Scope, now: dt.datetime) -> list[Competition]:
    """Not ended or cancelled more than :data:`RECENT_DAYS` ago; newest first. A recently
    cancelled one stays listed, so that staff who put up its posters learn of it."""
    codes = [d.code for d in lineage(scope.division_code)[1:]]  # the divisions above
    if not codes or not scope.sees_people:
        return []
    return list(db.session.scalars(
        select(Competition).where(
            Competition.division_code.in_(codes),
            func.coalesce(Competition.cancelled_at, Competition.ends_at)
            >= now - dt.timedelta(days=RECENT_DAYS))
        .order_by(Competition.starts_at.desc(), Competition.id.desc())))


def finished_within(competitions: list[Competition], scope: Scope) -> dict[int, int]:
    """Finished entries of each competition by entrants who lived in ``scope`` when they
    started, by competition id (absent: none)."""
    if not competitions:
        return {}
    return dict(db.session.execute(
        select(Attempt.competition_id, func.count(Attempt.id))
        .join(CompetitionEntryPlace, CompetitionEntryPlace.attempt_id == Attempt.id)
        .where(Attempt.competition_id.in_([c.id for c in competitions]), FINISHED,
               scope.where(CompetitionEntryPlace.village_code))
        .group_by(Attempt.competition_id)).all())
