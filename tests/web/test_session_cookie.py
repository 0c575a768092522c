"""The session cookie slides its lifetime without being re-sent on every response."""

from tests.web.helpers import signed_in_resident


def _session_cookie_sent(response) -> bool:
    return any(value.startswith("session=") for value in response.headers.getlist("Set-Cookie"))


def test_cookie_is_not_resent_while_fresh_but_is_after_the_refresh_interval(
        app, client, seeded_bank, monkeypatch):
    signed_in_resident(client)
    client.get("/")  # shows (and so removes from the session) the "profile saved" message
    fresh = client.get("/me")
    assert fresh.status_code == 200 and "13712345678"[-4:] in fresh.get_data(as_text=True)
    assert not _session_cookie_sent(fresh)

    monkeypatch.setitem(app.config, "SESSION_REFRESH_SECONDS", 0)
    refreshed = client.get("/me")
    assert _session_cookie_sent(refreshed)
    assert "Expires=" in refreshed.headers["Set-Cookie"]
    assert "退出登录" in client.get("/me").get_data(as_text=True)


def test_signing_out_within_the_interval_still_clears_the_cookie(client, seeded_bank):
    signed_in_resident(client)
    client.get("/me")
    client.delete_cookie("remember_token")
    response = client.post("/logout", data={})
    assert _session_cookie_sent(response)
    me = client.get("/me")
    assert me.status_code == 302 and "/login" in me.location


def test_a_tampered_cookie_signs_the_resident_out(client, seeded_bank):
    signed_in_resident(client)
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-2] + "xx")
    client.delete_cookie("remember_token")
    response = client.get("/me")
    assert response.status_code == 302 and "/login" in response.location
