"""App wiring a user notices: security headers, Chinese error pages, CSRF on POST."""

from webapp import create_app
from webapp.config import TestConfig


def test_home_page_serves_with_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "科学素质" in response.get_data(as_text=True)
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                   "Referrer-Policy"):
        assert header in response.headers
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_unknown_page_is_a_chinese_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_missing_secret_key_fails_fast():
    import pytest

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(type("NoKey", (TestConfig,), {"SECRET_KEY": None}))


def test_form_fields_carry_no_none_attributes(client):
    """A field rendered without autocomplete or inputmode leaves them out (not "None")."""
    for path in ("/login", "/register", "/staff/login"):
        html = client.get(path).get_data(as_text=True)
        assert '="None"' not in html, path
