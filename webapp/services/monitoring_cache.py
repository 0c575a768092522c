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
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import TownshipMarginUpload
from webapp.services.monitoring import MonitoringResult, MonitoringSettings, build_monitoring

MAX_ENTRIES = 4  # this year, last year and two more: each holds a whole city's tables


class TimedCache:
    """At most ``max_entries`` results, each reused for ``max_age``; thread-safe, and one build
    at a time so that a burst of requests does not compute the same report four times."""

    def __init__(self, max_age: dt.timedelta, max_entries: int = MAX_ENTRIES) -> None:
        self.max_age, self.max_entries = max_age, max_entries
        self._entries: OrderedDict[Any, tuple[Any, dt.datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, now: dt.datetime, build: Callable[[], Any]) -> tuple[Any, dt.datetime]:
        """(value, when it was built): the kept value while fresh, else ``build()`` now."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None and now - kept[1] < self.max_age:
                self._entries.move_to_end(key)
                return kept
            value = build()  # exceptions are not kept: the next request tries again
            self._entries[key] = (value, now)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            return value, now


def monitoring_result(settings: MonitoringSettings, year: int, now: dt.datetime
                      ) -> tuple[MonitoringResult, dt.datetime]:
    """The city's result for ``year`` and when it was computed (possibly a while ago).

    :raises MonitoringUnavailable: when the year has no respondents.
    """
    seconds = current_app.config.get("MONITORING_CACHE_SECONDS", 900)
    if not seconds:
        return build_monitoring(settings, year), now
    cache = current_app.extensions.get("monitoring_cache")
    if cache is None or cache.max_age != dt.timedelta(seconds=seconds):
        cache = current_app.extensions["monitoring_cache"] = TimedCache(
            dt.timedelta(seconds=seconds))
    latest_margins = db.session.scalar(select(func.max(TownshipMarginUpload.id)))
    key = (repr(settings), year, latest_margins)
    return cache.get(key, now, lambda: build_monitoring(settings, year))
