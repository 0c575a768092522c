"""The city's monitoring estimates, kept for a while in each worker.

Building them reads every assessment of the year and of earlier years: about 1.3 s for 20,000
residents and 4 s for 100,000 on one core, and staff open, filter and export the report several
times in a row. A result is reused for ``MONITORING_CACHE_SECONDS`` (15 minutes by default; 0
turns the cache off) unless the year, the settings or the township margins change; answers
that arrive meanwhile are counted at the next rebuild. The report shows when its figures were
computed, so nobody mistakes them for live counts.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import TownshipMarginUpload
from webapp.services.monitoring import MonitoringResult, MonitoringSettings, build_monitoring
from webapp.services.timed_cache import worker_cache

MAX_ENTRIES = 4  # this year, last year and two more: each holds a whole city's tables


def monitoring_result(settings: MonitoringSettings, year: int, now: dt.datetime
                      ) -> tuple[MonitoringResult, dt.datetime]:
    """The city's result for ``year`` and when it was computed (possibly a while ago).

    :raises MonitoringUnavailable: when the year has no respondents.
    """
    cache = worker_cache("monitoring_cache",
                         current_app.config.get("MONITORING_CACHE_SECONDS", 900), MAX_ENTRIES)
    if cache is None:
        return build_monitoring(settings, year), now
    latest_margins = db.session.scalar(select(func.max(TownshipMarginUpload.id)))
    key = (repr(settings), year, latest_margins)
    return cache.get(key, now, lambda: build_monitoring(settings, year))
