"""Sign-up, sign-in (phone + password, or WeChat), profile, sign-out for residents."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from webapp.auth import bp
from webapp.auth.forms import ProfileForm, ResidentLoginForm, ResidentRegisterForm
from webapp.auth.profile_choices import fill_division_choices
from webapp.extensions import db, login_manager
from webapp.models import Resident, Staff
from webapp.models.base import utcnow
from webapp.models.session_ids import parse_session_id, password_token
from webapp.quiz.context import current_resident
from webapp.ratelimit import over_limit, rate_limit
from webapp.services.guest_claim import claim_guest_attempts
from webapp.services.residents import (
    LOGIN_TRIES_MINUTES,
    LOGIN_TRIES_PER_PHONE,
    TOO_MANY_TRIES,
    AccountError,
    ConsentMissing,
    authenticate,
    register,
    resident_for_wechat,
    save_profile,
)
from webapp.services.wechat import WeChatConfig, WeChatError, authorize_redirect, exchange_code

__all__ = ["bp", "safe_next"]

#: POSTs (WeChat: callbacks) per minute from one address. Generous: a village registers on one
#: Wi-Fi and mobile carriers put many phones behind one address (carrier-grade NAT); guessing
#: one account's password is stopped per phone number and by the lock-out instead.
PER_ADDRESS_PER_MINUTE = 60


@login_manager.user_loader
def load_user(user_id: str):
    """The account of a session id, unless its password changed since (see session_ids)."""
    parsed = parse_session_id(user_id)
    model = {"staff": Staff, "resident": Resident}.get(parsed[0]) if parsed else None
    if model is None:
        return None
    account = db.session.get(model, parsed[1])
    if account is None or password_token(account.password_hash) != parsed[2]:
        return None
    return account


def safe_next(target: str | None, default: str) -> str:
    """Follow only a relative ``next`` (no scheme, no host) to avoid open redirects."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _after_login(resident: Resident, target: str | None = None):
    """Sign in (every way in comes here), keeping the practice this device did as a guest: it
    becomes the account's. Then on to the profile if it is missing, else to ``target``."""
    login_user(resident, remember=True)
    session.permanent = True
    claim_guest_attempts(resident, session.get("guest_token"))
    db.session.commit()
    target = target or safe_next(request.args.get("next"), url_for("quiz.home"))
    if not resident.has_profile:
        return redirect(url_for("auth.profile", next=target))
    return redirect(target)


def _wechat_config() -> WeChatConfig | None:
    cfg = current_app.config
    if not (cfg.get("WECHAT_APPID") and cfg.get("WECHAT_SECRET")):
        return None
    return WeChatConfig(cfg["WECHAT_APPID"], cfg["WECHAT_SECRET"], cfg["WECHAT_API_BASE"],
                        cfg["WECHAT_AUTHORIZE_URL"])


@bp.route("/register", methods=["GET", "POST"])
@rate_limit("register", PER_ADDRESS_PER_MINUTE, 60)
def register_page():
    form = ResidentRegisterForm()
    if form.validate_on_submit():
        try:
            resident = register(form.phone.data, form.password.data, utcnow())
        except AccountError as exc:
            form.phone.errors.append(str(exc))
        else:
            db.session.commit()
            return _after_login(resident)
    return render_template("auth/register.html", form=form, wechat=_wechat_config() is not None)


@bp.route("/login", methods=["GET", "POST"])
@rate_limit("login", PER_ADDRESS_PER_MINUTE, 60)
def login():
    form = ResidentLoginForm()
    if form.validate_on_submit():
        if over_limit("login_phone", form.phone.data, LOGIN_TRIES_PER_PHONE,
                      LOGIN_TRIES_MINUTES * 60):
            form.password.errors.append(TOO_MANY_TRIES)
            return render_template("auth/login.html", form=form,
                                   wechat=_wechat_config() is not None), 429
        try:
            resident = authenticate(form.phone.data, form.password.data, utcnow())
        except AccountError as exc:
            db.session.commit()  # keep the failure count
            form.password.errors.append(str(exc))
        else:
            db.session.commit()
            if resident.must_change_password:  # staff gave a temporary one: ask for their own
                return _after_login(resident, url_for("auth.change_password"))
            return _after_login(resident)
    return render_template("auth/login.html", form=form, wechat=_wechat_config() is not None)


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("quiz.home"))


@bp.get("/auth/wechat")
def wechat_start():
    """What WeChat sign-in keeps and why, and the button that agrees to it (a shared link may
    lead here directly)."""
    if _wechat_config() is None:
        abort(404)
    return render_template("auth/wechat_start.html")


@bp.post("/auth/wechat")
def wechat_consent():
    """The resident agreed to the notice next to the button: off to WeChat's authorisation.
    Their consent is recorded when the account is found or made on the way back."""
    config = _wechat_config()
    if config is None:
        abort(404)
    state = secrets.token_urlsafe(16)
    session["wechat_state"] = state
    session["wechat_consent"] = True
    session["wechat_next"] = safe_next(request.form.get("next"), url_for("quiz.home"))
    return redirect(authorize_redirect(config, url_for("auth.wechat_callback", _external=True),
                                       state))


@bp.get("/auth/wechat/callback")
@rate_limit("wechat_callback", PER_ADDRESS_PER_MINUTE, 60, methods=("GET",))
def wechat_callback():
    config = _wechat_config()
    if config is None:
        abort(404)
    state = session.pop("wechat_state", None)
    code = request.args.get("code")
    if not code or not state or not secrets.compare_digest(state, request.args.get("state", "")):
        flash("微信授权没有完成，请重新点击“微信登录”。", "error")
        return redirect(url_for("auth.login"))
    try:
        user = exchange_code(config, code)
    except WeChatError:
        current_app.logger.exception("WeChat sign-in failed")
        flash("微信登录暂时不可用，请用手机号登录。", "error")
        return redirect(url_for("auth.login"))
    resident = resident_for_wechat(user.openid, user.nickname, utcnow(),
                                   consented=session.pop("wechat_consent", False))
    db.session.commit()
    return _after_login(resident, session.pop("wechat_next", None) or url_for("quiz.home"))


def _name_the_missing_place(form) -> None:
    """Put "choose …" under the first level of the place that is missing and shown."""
    if not form.county.data:
        form.county.errors = ["请选择所在的县（市、区）"]
    elif not form.township.data:
        form.township.errors = ["请选择所在的乡镇（街道）"]
    else:
        form.village_code.errors = ["请选择所在的村或社区"]


def _townships_were_shown(county: str) -> bool:
    """The form just posted listed this county's townships (and none was chosen): not a
    county chosen or changed a moment ago, whose townships the resident has not seen yet."""
    return request.form.get("townships_of") == county


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    resident = current_resident()
    if resident is None:
        return redirect(url_for("auth.login", next=request.path))
    # answers a step does not post (the personal questions while the place changes) keep what
    # is on file, or what the hidden fields carry over from the page before
    form = ProfileForm(obj=resident)
    if resident.consented_at is not None:  # asked once: at registration or here
        del form.consent
    fill_division_choices(form, resident)
    step_only = request.form.get("step") is not None
    if not step_only and form.validate_on_submit() and form.village_code.data:
        try:
            save_profile(resident, form.data, utcnow())
        except ConsentMissing as exc:
            form.consent.errors = [str(exc)]
        except AccountError as exc:
            form.village_code.errors = [str(exc)]
        else:
            db.session.commit()
            flash("个人信息已保存。", "ok")
            return redirect(safe_next(request.args.get("next"), url_for("quiz.home")))
    elif request.method == "POST" and not step_only and not form.village_code.data:
        _name_the_missing_place(form)
    elif step_only and not form.county.data:
        form.county.errors = ["请选择所在的县（市、区）"]
    elif step_only and not form.township.data and _townships_were_shown(form.county.data):
        form.township.errors = ["请选择所在的乡镇（街道）"]
    return render_template("auth/profile.html", form=form, first_time=not resident.has_profile)
