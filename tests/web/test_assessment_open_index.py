"""Migration 8f54776c8e6a: extra open assessments left by double taps are closed before the
index that allows one open assessment per resident is created."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from tests.migrating import flask

BEFORE = "7e2a9c41d5b3"


T = "'2026-03-01 08:00:00+00:00'"


def _attempt(attempt_id, resident_id, kind="assessment", finished=False):
    done = (f"{T}, 60, 'basic', false, true" if finished else "NULL, NULL, NULL, NULL, NULL")
    return ("INSERT INTO attempts (id, public_id, resident_id, kind, topic, seed, size, "
            "started_at, deadline_at, day, finished_at, score, level, meets_standard, "
            f"meets_basic_rule) VALUES ({attempt_id}, 'p{attempt_id}', {resident_id}, '{kind}', "
            f"'', 0, 2, {T}, '2026-03-01 09:00:00+00:00', '2026-03-01', {done})")


def _items(attempt_id):
    return ("INSERT INTO attempt_items (id, attempt_id, position, item_version_id, "
            f"option_order) VALUES ({attempt_id * 10 + 1}, {attempt_id}, 1, 1, 'AB'), "
            f"({attempt_id * 10 + 2}, {attempt_id}, 2, 2, 'AB')")


def _answer(attempt_item_id, correct, minute):
    return ("INSERT INTO answers (attempt_item_id, response, is_correct, answered_at) VALUES "
            f"({attempt_item_id}, 'A', {'true' if correct else 'false'}, "
            f"'2026-03-01 08:{minute:02d}:00+00:00')")


ROWS = (
    "INSERT INTO residents (id, elderly_mode, streak_days, failed_logins, created_at) VALUES "
    f"(1, false, 0, 0, {T}), (2, false, 0, 0, {T})",
    f"INSERT INTO items (id, latest_version, created_at) VALUES (1, 1, {T}), (2, 1, {T})",
    "INSERT INTO item_versions (id, item_id, version, type, stem, stem_norm, options, \"key\", "
    "explanation, benchmark, dimension, areas, groups, difficulty, source, status, created_at) "
    "VALUES (1, 1, 1, 'true_false', 's1', 's1', '[\"对\", \"错\"]', 'A', 'e', 1, 'knowledge', "
    f"'[]', '[]', 2, 'x', 'draft', {T}), (2, 2, 1, 'true_false', 's2', 's2', "
    f"'[\"对\", \"错\"]', 'A', 'e', 2, 'method', '[]', '[]', 2, 'x', 'draft', {T})",
    # resident 1 tapped 开始测评 three times: 1 was answered last, 2 never, 3 earlier
    _attempt(1, 1), _attempt(2, 1), _attempt(3, 1), _attempt(4, 1, "topic"),
    _items(1), _items(2), _items(3), _items(4),
    _answer(11, True, 30), _answer(12, False, 31), _answer(31, True, 10),
    # resident 2: one open and one finished assessment, left as they are
    _attempt(5, 2), _attempt(6, 2, finished=True), _items(5), _items(6),
)


def test_upgrade_closes_extra_open_assessments_then_allows_only_one(empty_database_url):
    before = flask("db", "upgrade", BEFORE, url=empty_database_url)
    assert before.returncode == 0, before.stderr
    engine = create_engine(empty_database_url)
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    up = flask("db", "upgrade", url=empty_database_url)
    assert up.returncode == 0, up.stderr
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(text(
            "SELECT id, finished_at, score, level, meets_basic_rule, dimension_scores, "
            "rules_version FROM attempts"))}
        # kept: the attempt answered last; the unanswered extra is gone with its items
        assert rows[1].finished_at is None and 2 not in rows
        assert conn.execute(text(
            "SELECT COUNT(*) FROM attempt_items WHERE attempt_id = 2")).scalar() == 0
        # the answered extra is scored with its answers, at its deadline
        assert rows[3].score == 2 and rows[3].level == "low" and not rows[3].meets_basic_rule
        assert str(rows[3].finished_at).startswith("2026-03-01 09:00:00")
        assert rows[3].rules_version == "survey2024-ge-85/70/55-std60-pt2"
        assert "knowledge" in str(rows[3].dimension_scores)
        assert rows[4].finished_at is None  # practice is not touched
        assert rows[5].finished_at is None and rows[6].score == 60
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(_attempt(7, 1)))
    with engine.begin() as conn:  # a finished assessment and practice are not limited
        conn.execute(text(_attempt(8, 1, finished=True)))
        conn.execute(text(_attempt(9, 1, "topic")))
    engine.dispose()
    down = flask("db", "downgrade", BEFORE, url=empty_database_url)
    assert down.returncode == 0, down.stderr
