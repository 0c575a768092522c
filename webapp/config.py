"""Configuration: ``Config`` reads the environment; ``TestConfig`` is for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))

#: share meeting the standard by 2025, from each city's plan (shared/spec/cities.md).
CITY_TARGETS = {
    "430500": {"target": 0.15, "baseline": None, "baseline_year": None},
    "440200": {"target": 0.16, "baseline": 0.094, "baseline_year": 2020},
    "431300": {"target": 0.15, "baseline": None, "baseline_year": None},
    "431000": {"target": 0.15, "baseline": None, "baseline_year": None},
    "140900": {"target": 0.145, "baseline": 0.079, "baseline_year": 2020},
}


def _secret_key() -> str | None:
    """SECRET_KEY from the environment, else the file ``./run.sh`` generates on first run."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = INSTANCE / "secret_key"
    return path.read_text().strip() if path.exists() else None


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


class Config:
    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'kexue.db'}")
    #: a dropped PostgreSQL connection is replaced before use; SQLite files need no ping.
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": not SQLALCHEMY_DATABASE_URI.startswith("sqlite")}
    REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    CITY_CODE = os.environ.get("CITY_CODE", "431300")
    CITY_TARGETS = CITY_TARGETS
    TAXONOMY_DIR = os.environ.get("TAXONOMY_DIR") or None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = int(os.environ.get("SESSION_MINUTES", "480")) * 60
    #: the session cookie is re-signed (its lifetime slides) at most this often (webapp/sessions.py)
    SESSION_REFRESH_SECONDS = 300
    WTF_CSRF_TIME_LIMIT = None  # residents may leave a page open for hours on a slow network
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    #: the site's public address, e.g. ``https://kepu.example.gov.cn``: QR codes, share
    #: metadata and WeChat's redirect_uri use it, never the request's Host header.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").strip() or None
    #: reverse proxies in front of gunicorn (run.sh binds it to 127.0.0.1, so one by default):
    #: the client address and scheme come from their X-Forwarded-* headers; 0 ignores them.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))
    #: the host names residents and staff reach the site by (comma-separated, e.g.
    #: ``kepu.example.gov.cn``): a request naming any other host (Host or X-Forwarded-Host)
    #: gets 400. Unset = any host, so ``./run.sh`` answers on 127.0.0.1 out of the box.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",")
                     if h.strip()] or None
    RATELIMIT_ENABLED = True
    # Scoring rules (scoring/rules.py): thresholds and how they compare are configuration.
    LEVEL_THRESHOLDS = {"advanced": 85, "literate": 70, "basic": 55}
    LEVEL_COMPARISON = os.environ.get("LEVEL_COMPARISON", "ge")  # "ge" (≥) or "gt" (>)
    STANDARD_PASS_SHARE = 0.6
    ASSESSMENT_MINUTES = int(os.environ.get("ASSESSMENT_MINUTES", "60"))
    RETAKE_DAYS = int(os.environ.get("RETAKE_DAYS", "7"))
    #: how long a worker reuses the computed monitoring estimates (0 = compute every time).
    MONITORING_CACHE_SECONDS = int(os.environ.get("MONITORING_CACHE_SECONDS", "900"))
    COMPETITION_CACHE_SECONDS = int(os.environ.get("COMPETITION_CACHE_SECONDS", "60"))
    WECHAT_APPID = os.environ.get("WECHAT_APPID")
    WECHAT_SECRET = os.environ.get("WECHAT_SECRET")
    WECHAT_API_BASE = os.environ.get("WECHAT_API_BASE", "https://api.weixin.qq.com")
    WECHAT_AUTHORIZE_URL = os.environ.get(
        "WECHAT_AUTHORIZE_URL", "https://open.weixin.qq.com/connect/oauth2/authorize"
    )


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - fixed key for tests only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    REDIS_URL = None
    RATELIMIT_ENABLED = False
    MONITORING_CACHE_SECONDS = 0  # tests change the data between requests
    COMPETITION_CACHE_SECONDS = 0
