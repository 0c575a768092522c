"""The Flask application factory: wiring only, no side effects."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.config import INSTANCE, ROOT, Config
from webapp.security import BoundedIntegerConverter, PublicUrlFlask, public_url
from webapp.sessions import ThrottledRefreshSessionInterface


def create_app(config: type | Mapping | None = None) -> Flask:
    """Build the app. ``config`` is a config class, or a mapping of overrides applied last."""
    app = PublicUrlFlask(__name__, static_folder=str(ROOT / "static"),
                         instance_path=str(INSTANCE))
    load_config(app, config)
    app.session_interface = ThrottledRefreshSessionInterface()
    trust_proxies(app)
    app.url_map.converters["int"] = BoundedIntegerConverter  # before any route is added
    register_extensions(app)
    register_blueprints(app)
    register_template_filters(app)
    register_error_handlers(app)
    register_request_guards(app)
    register_cli(app)
    register_shell_context(app)
    return app


def load_config(app: Flask, config: type | Mapping | None) -> None:
    if isinstance(config, type):
        app.config.from_object(config)
    else:
        app.config.from_object(Config)
        if config:
            app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY 未设置：请设置环境变量 SECRET_KEY，"
            "或运行 ./run.sh 生成 instance/secret_key")
    if app.config.get("PUBLIC_URL"):
        url = app.config["PUBLIC_URL"].rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise RuntimeError(
                f"PUBLIC_URL 不是完整的网址：{url!r}，应形如 https://kepu.example.gov.cn")
        app.config["PUBLIC_URL"] = url


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, take the client's address, scheme and host from
    their X-Forwarded-For/-Proto/-Host (rate limits count per real address)."""
    count = max(int(app.config.get("PROXY_COUNT") or 0), 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_extensions(app: Flask) -> None:
    from webapp.database import configure_sqlite
    from webapp.extensions import csrf, db, login_manager, migrate
    from webapp.ratelimit import init_rate_limiter

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    init_rate_limiter(app)


def register_blueprints(app: Flask) -> None:
    from webapp.auth import password_views  # noqa: F401 - adds /me/password to ``auth``
    from webapp.auth import views as auth_views
    from webapp.competitions import views as competition_pages
    from webapp.learn import views as learn_views
    from webapp.quiz import assessment_views, flag_views, practice_views
    from webapp.quiz import views as quiz_views
    from webapp.staff import (
        account_views,
        audit_views,
        competition_views,
        ledger_views,
        login_views,
        monitoring_views,
        outreach_views,
        resident_password_views,
        review_views,
        roster_views,
        rules_context,  # noqa: F401 - registers the staff pages' template values
        sample_views,
    )

    staff_views = (login_views, account_views, roster_views, ledger_views, outreach_views,
                   sample_views, monitoring_views, audit_views, review_views, competition_views,
                   resident_password_views)
    for module in (auth_views, quiz_views, practice_views, assessment_views, flag_views,
                   learn_views, competition_pages, *staff_views):
        if module.bp.name not in app.blueprints:
            app.register_blueprint(module.bp)


def register_template_filters(app: Flask) -> None:
    from webapp.assets import asset_url
    from webapp.formatting import register_filters
    from webapp.sharing import share_context

    register_filters(app)
    app.context_processor(share_context)
    app.add_template_global(public_url)
    app.add_template_global(asset_url)


def register_error_handlers(app: Flask) -> None:
    from webapp.errors import register

    register(app)


def register_request_guards(app: Flask) -> None:
    """Refuse NUL bytes before any view; security, cache and compression headers after."""
    from webapp.assets import cache_headers
    from webapp.compression import gzip_response
    from webapp.security import add_security_headers, refuse_nul_bytes

    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)
    app.after_request(cache_headers)
    app.after_request(gzip_response)


def register_cli(app: Flask) -> None:
    from webapp.cli import register_cli as register

    register(app)


def register_shell_context(app: Flask) -> None:
    from webapp import models
    from webapp.extensions import db

    app.shell_context_processor(lambda: {"db": db, "models": models})
