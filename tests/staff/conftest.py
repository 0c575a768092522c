"""Fixtures for staff pages: sign a staff member in on a test client."""

from __future__ import annotations

import pytest
from flask import g, request_started

from tests.staff.factories import PASSWORD, make_staff


def login(client, staff, password: str = PASSWORD):
    return client.post("/staff/login", data={"phone": staff.phone, "password": password})


@pytest.fixture
def staff_client(app):
    """``staff_client(role, division=None)`` → (client signed in as a new account, account)."""

    def build(role: str, division: str | None = None):
        account = make_staff(role, division)
        client = app.test_client()
        response = login(client, account)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client, account

    return build


@pytest.fixture(autouse=True)
def _user_loaded_per_request(app):
    """Tests keep one app context pushed, so ``g`` outlives a request and Flask-Login would
    reuse the last client's user; forget it at the start of every request, as production
    (one app context per request) does."""

    def forget(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)
