"""The schema is made only by migrations: upgrade an empty database, then `flask db check`."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"kx_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def flask(*args, url):
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x", "FLASK_APP": "wsgi"}
    return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_upgrade_on_empty_database_then_check_finds_no_drift(empty_database_url):
    up = flask("db", "upgrade", url=empty_database_url)
    assert up.returncode == 0, up.stderr
    check = flask("db", "check", url=empty_database_url)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr


def test_downgrade_to_base_and_upgrade_again(empty_database_url):
    assert flask("db", "upgrade", url=empty_database_url).returncode == 0
    down = flask("db", "downgrade", "base", url=empty_database_url)
    assert down.returncode == 0, down.stderr
    assert flask("db", "upgrade", url=empty_database_url).returncode == 0
