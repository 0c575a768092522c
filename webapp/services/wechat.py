"""WeChat web authorisation (网页授权, OAuth2): authorize redirect, code → access_token → userinfo.

Follows the documented requests: GET {api}/sns/oauth2/access_token?appid&secret&code&
grant_type=authorization_code, then GET {api}/sns/userinfo?access_token&openid&lang=zh_CN.
Errors come back as JSON with ``errcode`` and ``errmsg``.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass


class WeChatError(RuntimeError):
    """WeChat refused or could not be reached; message is for the log, not the resident."""


@dataclass(frozen=True)
class WeChatConfig:
    appid: str
    secret: str
    api_base: str
    authorize_url: str


@dataclass(frozen=True)
class WeChatUser:
    openid: str
    nickname: str | None


def authorize_redirect(config: WeChatConfig, redirect_uri: str, state: str) -> str:
    """The URL that asks the resident to authorise (scope snsapi_userinfo)."""
    query = urllib.parse.urlencode({
        "appid": config.appid, "redirect_uri": redirect_uri, "response_type": "code",
        "scope": "snsapi_userinfo", "state": state,
    })
    return f"{config.authorize_url}?{query}#wechat_redirect"


def _get_json(url: str, timeout: float = 5.0) -> dict:
    if not url.startswith(("https://", "http://")):
        raise WeChatError("bad WeChat API URL")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - checked
            payload = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise WeChatError(f"WeChat request failed: {exc}") from exc
    if payload.get("errcode"):
        raise WeChatError(f"WeChat error {payload.get('errcode')}: {payload.get('errmsg')}")
    return payload


def exchange_code(config: WeChatConfig, code: str) -> WeChatUser:
    """Trade the authorisation code for the user's openid and nickname."""
    token = _get_json(f"{config.api_base}/sns/oauth2/access_token?" + urllib.parse.urlencode({
        "appid": config.appid, "secret": config.secret, "code": code,
        "grant_type": "authorization_code"}))
    if "access_token" not in token or "openid" not in token:
        raise WeChatError("access_token reply without access_token/openid")
    info = _get_json(f"{config.api_base}/sns/userinfo?" + urllib.parse.urlencode({
        "access_token": token["access_token"], "openid": token["openid"], "lang": "zh_CN"}))
    return WeChatUser(openid=info.get("openid") or token["openid"], nickname=info.get("nickname"))
