"""Fixtures for staff pages: sign a staff member in on a test client."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from tests.staff.factories import PASSWORD, make_staff
from webapp.extensions import db
from webapp.models import Division


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
def _forget_entered_population(app):
    """Divisions survive between tests (see tests/conftest.py): undo entered populations."""
    yield
    db.session.rollback()
    db.session.execute(update(Division).where(Division.adult_population.is_not(None))
                       .values(adult_population=None))
    db.session.commit()
