"""Results kept for a while in each worker, for pages that many people open and that are costly
to build (the monitoring report, a busy competition's participation table)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import current_app


class TimedCache:
    """At most ``max_entries`` results, each reused for ``max_age``; thread-safe, and one build
    at a time so that a burst of requests does not compute the same report four times."""

    def __init__(self, max_age: dt.timedelta, max_entries: int) -> None:
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


def worker_cache(name: str, seconds: int, max_entries: int) -> TimedCache | None:
    """This worker's cache ``name`` (in ``app.extensions``), reusing results for ``seconds``;
    made anew when that setting changes, and None when it is 0 (build every time)."""
    if not seconds:
        return None
    cache = current_app.extensions.get(name)
    if cache is None or cache.max_age != dt.timedelta(seconds=seconds):
        cache = current_app.extensions[name] = TimedCache(dt.timedelta(seconds=seconds),
                                                          max_entries)
    return cache
