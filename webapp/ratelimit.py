"""Fixed-window rate limits: counted in Redis when it answers, in process memory otherwise."""

from __future__ import annotations

import logging
import threading
import time
from functools import wraps

from flask import Flask, abort, current_app, request

logger = logging.getLogger(__name__)


class MemoryCounter:
    """Per-process counter; good enough for one gunicorn worker or tests, not for a cluster."""

    def __init__(self) -> None:
        self._hits: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, window: int) -> int:
        now = time.monotonic()
        with self._lock:
            count, expires = self._hits.get(key, (0, now + window))
            if now >= expires:
                count, expires = 0, now + window
            count += 1
            self._hits[key] = (count, expires)
            if len(self._hits) > 100_000:  # drop expired keys now and then
                self._hits = {k: v for k, v in self._hits.items() if v[1] > now}
            return count


class RedisCounter:
    """One round trip per hit: a script counts and sets the expiry on the window's first hit."""

    SCRIPT = ("local n = redis.call('INCR', KEYS[1]) "
              "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n")

    def __init__(self, client) -> None:
        self._count = client.register_script(self.SCRIPT)

    def hit(self, key: str, window: int) -> int:
        bucket = f"rl:{key}:{int(time.time() // window)}"
        return int(self._count(keys=[bucket], args=[window + 1]))


def init_rate_limiter(app: Flask) -> None:
    counter = MemoryCounter()
    url = app.config.get("REDIS_URL")
    if url:
        try:
            import redis

            client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
            client.ping()
            counter = RedisCounter(client)
        except Exception:  # no Redis: the app must work without it
            logger.warning("Redis unavailable at %s; rate limits kept in memory", url)
    app.extensions["rate_counter"] = counter


def over_limit(name: str, identity: str, limit: int, window: int) -> bool:
    """Count one hit for (name, identity); True when it exceeds ``limit`` per ``window`` s."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    counter = current_app.extensions["rate_counter"]
    try:
        return counter.hit(f"{name}:{identity}", window) > limit
    except Exception:  # Redis went away mid-run: fall back rather than fail the request
        current_app.extensions["rate_counter"] = MemoryCounter()
        return False


def rate_limit(name: str, limit: int, window: int = 60, methods: tuple[str, ...] = ("POST",)):
    """Decorator: at most ``limit`` requests of ``methods`` (POSTs unless told) per ``window``
    seconds per client address → 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method in methods and over_limit(name, request.remote_addr or "-", limit,
                                                        window):
                abort(429)
            return view(*args, **kwargs)

        return wrapped

    return decorator
