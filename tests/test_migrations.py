"""The schema is made only by migrations: upgrade an empty database, then `flask db check`."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from tests.migrating import flask


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


def _execute(url, *statements):
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


FIXTURE_ROWS = (
    "INSERT INTO divisions (code, name, level, parent_code, city_code, source) VALUES "
    "('431300', '娄底市', 'city', NULL, '431300', ''), "
    "('431381', '冷水江市', 'county', '431300', '431300', ''), "
    "('431381001', '冷水江街道', 'township', '431381', '431300', ''), "
    "('431381001001', '锑都社区', 'village', '431381001', '431300', '')",
    "INSERT INTO roster_entries (id, village_code, name, sex, birth_year, key_group, "
    "created_at) VALUES (1, '431381001001', '王小红', 'f', 1968, 'farmer', "
    "'2026-03-01 00:00:00+00:00')",
    "INSERT INTO staff (id, phone, name, role, division_code, password_hash, is_active_account, "
    "must_change_password, failed_logins, created_at) VALUES (1, '13900000000', '村干部', "
    "'village_staff', '431381001001', 'x', true, false, 0, '2026-03-01 00:00:00+00:00')",
)


def _ledger_row(entry_id):
    return ("INSERT INTO ledger_entries (id, source, status, village_code, township_code, "
            "roster_entry_id, score, level, assessed_on, examiner, key_group, entered_by_id, "
            f"created_at) VALUES ({entry_id}, 'offline', 'active', '431381001001', '431381001', "
            "1, 80, 'literate', '2026-03-01', '李老师', 'farmer', 1, "
            "'2026-03-01 00:00:00+00:00')")


def test_upgrading_a_database_with_rows_keeps_them(empty_database_url):
    """Rebuilding a SQLite table that other rows point at must not trip foreign keys."""
    assert flask("db", "upgrade", "ed19695259d2", url=empty_database_url).returncode == 0
    _execute(empty_database_url, *FIXTURE_ROWS, _ledger_row(1))
    up = flask("db", "upgrade", url=empty_database_url)
    assert up.returncode == 0, up.stderr
    engine = create_engine(empty_database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT roster_entry_id FROM ledger_entries")).scalar() == 1
        assert conn.execute(text("SELECT removed_at FROM roster_entries")).scalar() is None
    engine.dispose()


def test_two_active_entries_for_one_person_stop_the_upgrade_with_a_reason(empty_database_url):
    assert flask("db", "upgrade", "ed19695259d2", url=empty_database_url).returncode == 0
    _execute(empty_database_url, *FIXTURE_ROWS, _ledger_row(1), _ledger_row(2))
    up = flask("db", "upgrade", url=empty_database_url)
    assert up.returncode != 0 and "roster_entry_id=1" in up.stderr
    assert "请先在工作人员后台撤销多余的记录" in up.stderr


def _competition_row(cancelled: bool) -> str:
    cancel = ("'2026-03-02 00:00:00+00:00', '改期'" if cancelled else "NULL, NULL")
    return ("INSERT INTO competitions (id, title, description, division_code, item_count, "
            "minutes, starts_at, ends_at, seed, created_by_id, created_at, cancelled_at, "
            "cancel_reason) VALUES (1, '竞赛', '', '431381001', 5, 15, "
            "'2026-03-01 00:00:00+00:00', '2026-03-08 00:00:00+00:00', 1, 1, "
            f"'2026-03-01 00:00:00+00:00', {cancel})")


def test_a_cancelled_competition_stops_the_downgrade_that_would_reopen_it(empty_database_url):
    assert flask("db", "upgrade", url=empty_database_url).returncode == 0
    _execute(empty_database_url, *FIXTURE_ROWS, _competition_row(cancelled=True))
    down = flask("db", "downgrade", "6fce0ab52be0", url=empty_database_url)
    assert down.returncode != 0 and "已有 1 场竞赛被取消" in down.stderr
    _execute(empty_database_url, "UPDATE competitions SET cancelled_at = NULL, "
             "cancel_reason = NULL")
    down = flask("db", "downgrade", "6fce0ab52be0", url=empty_database_url)
    assert down.returncode == 0, down.stderr


def test_a_cancelled_competition_must_give_residents_a_reason(empty_database_url):
    assert flask("db", "upgrade", url=empty_database_url).returncode == 0
    _execute(empty_database_url, *FIXTURE_ROWS)
    with pytest.raises(IntegrityError):
        _execute(empty_database_url, _competition_row(cancelled=True).replace("'改期'", "NULL"))


def test_listed_units_stop_the_downgrade_that_would_drop_them(empty_database_url):
    assert flask("db", "upgrade", url=empty_database_url).returncode == 0
    _execute(empty_database_url, *FIXTURE_ROWS, _competition_row(cancelled=False),
             "INSERT INTO competition_units (id, competition_id, position, name) "
             "VALUES (1, 1, 1, '冷水江市第一中学')")
    down = flask("db", "downgrade", "e8a37721fed4", url=empty_database_url)
    assert down.returncode != 0 and "竞赛已列出 1 个参赛单位" in down.stderr


def test_entries_made_before_places_were_kept_take_their_residents_place(empty_database_url):
    assert flask("db", "upgrade", "da812f937989", url=empty_database_url).returncode == 0
    _execute(empty_database_url, *FIXTURE_ROWS, _competition_row(cancelled=False),
             "INSERT INTO residents (id, phone, county_code, township_code, village_code, "
             "elderly_mode, streak_days, failed_logins, created_at) VALUES (1, '13700000001', "
             "'431381', '431381001', '431381001001', false, 0, 0, "
             "'2026-03-01 00:00:00+00:00')",
             "INSERT INTO attempts (id, public_id, resident_id, kind, topic, seed, size, "
             "started_at, day, competition_id) VALUES (1, 'p1', 1, 'competition', "
             "'competition:1', 0, 5, '2026-03-02 00:00:00+00:00', '2026-03-02', 1)")
    up = flask("db", "upgrade", url=empty_database_url)
    assert up.returncode == 0, up.stderr
    engine = create_engine(empty_database_url)
    with engine.connect() as conn:
        assert conn.execute(text(
            "SELECT attempt_id, township_code, village_code FROM competition_entry_places"
        )).all() == [(1, "431381001", "431381001001")]
    engine.dispose()
