"""At most one open assessment per resident (partial unique index)

Revision ID: 8f54776c8e6a
Revises: 7e2a9c41d5b3
Create Date: 2026-12-05 04:30:00

A double tap on 开始测评 could create several open assessments for one resident; only one of
them was ever resumed. Before the index is created, each resident keeps one open assessment:
the one answered last (else the newest). Of the others, those without a stored answer are
deleted (nothing of the resident's is in them), and those with answers are scored with the
answers they hold, as the app scores an attempt whose time is up.

"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8f54776c8e6a'
down_revision = '7e2a9c41d5b3'
branch_labels = None
depends_on = None

OPEN_ASSESSMENT = sa.text("kind = 'assessment' AND finished_at IS NULL")

attempts = sa.table(
    'attempts', sa.column('id', sa.Integer), sa.column('resident_id', sa.Integer),
    sa.column('kind', sa.String), sa.column('deadline_at', sa.DateTime(timezone=True)),
    sa.column('finished_at', sa.DateTime(timezone=True)), sa.column('score', sa.Integer),
    sa.column('level', sa.String), sa.column('meets_standard', sa.Boolean),
    sa.column('meets_basic_rule', sa.Boolean), sa.column('dimension_scores', sa.JSON),
    sa.column('benchmark_scores', sa.JSON), sa.column('rules_version', sa.String))
attempt_items = sa.table(
    'attempt_items', sa.column('id', sa.Integer), sa.column('attempt_id', sa.Integer),
    sa.column('item_version_id', sa.Integer))
answers = sa.table(
    'answers', sa.column('id', sa.Integer), sa.column('attempt_item_id', sa.Integer),
    sa.column('is_correct', sa.Boolean), sa.column('answered_at', sa.DateTime(timezone=True)))
item_versions = sa.table(
    'item_versions', sa.column('id', sa.Integer), sa.column('dimension', sa.String),
    sa.column('benchmark', sa.Integer))


def _rules():
    """The scoring rules the app is configured with (the defaults outside an app)."""
    from scoring.rules import ScoringRules

    try:
        from flask import current_app

        config = current_app.config
        return ScoringRules(thresholds=dict(config['LEVEL_THRESHOLDS']),
                            comparison=config['LEVEL_COMPARISON'],
                            standard_pass_share=config['STANDARD_PASS_SHARE'])
    except (RuntimeError, KeyError):
        return ScoringRules()


def _aware(value):
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _close_extra_open_assessments(bind):
    twice = [row[0] for row in bind.execute(
        sa.select(attempts.c.resident_id)
        .where(attempts.c.kind == 'assessment', attempts.c.finished_at.is_(None),
               attempts.c.resident_id.is_not(None))
        .group_by(attempts.c.resident_id).having(sa.func.count() > 1))]
    if not twice:
        return
    from scoring.rules import ItemOutcome, score_paper

    rules = _rules()
    now = dt.datetime.now(dt.UTC)
    last_answer = (
        sa.select(sa.func.max(answers.c.answered_at))
        .join(attempt_items, attempt_items.c.id == answers.c.attempt_item_id)
        .where(attempt_items.c.attempt_id == attempts.c.id).scalar_subquery())
    for resident_id in twice:
        rows = bind.execute(
            sa.select(attempts.c.id, attempts.c.deadline_at, last_answer.label('last_answer'))
            .where(attempts.c.resident_id == resident_id, attempts.c.kind == 'assessment',
                   attempts.c.finished_at.is_(None))).all()
        # keep the attempt answered last, else the newest (the one the app resumed)
        rows.sort(key=lambda r: (r.last_answer is not None, _aware(r.last_answer) or now, r.id))
        for extra in rows[:-1]:
            if extra.last_answer is None:  # an unanswered paper: nothing to keep
                bind.execute(sa.delete(attempt_items).where(
                    attempt_items.c.attempt_id == extra.id))
                bind.execute(sa.delete(attempts).where(attempts.c.id == extra.id))
                continue
            outcomes = [
                ItemOutcome(r.dimension, r.benchmark, bool(r.is_correct))
                for r in bind.execute(
                    sa.select(item_versions.c.dimension, item_versions.c.benchmark,
                              answers.c.is_correct)
                    .select_from(attempt_items)
                    .join(item_versions, item_versions.c.id == attempt_items.c.item_version_id)
                    .outerjoin(answers, answers.c.attempt_item_id == attempt_items.c.id)
                    .where(attempt_items.c.attempt_id == extra.id))]
            score = score_paper(outcomes, rules)
            deadline = _aware(extra.deadline_at)
            bind.execute(sa.update(attempts).where(attempts.c.id == extra.id).values(
                finished_at=min(now, deadline) if deadline else now, score=score.total,
                level=score.level, meets_standard=score.meets_standard,
                meets_basic_rule=score.meets_basic_rule,
                dimension_scores={k: list(v) for k, v in score.by_dimension.items()},
                benchmark_scores={str(k): list(v) for k, v in score.by_benchmark.items()},
                rules_version=rules.version))


def upgrade():
    _close_extra_open_assessments(op.get_bind())
    op.create_index('uq_attempts_open_assessment_resident', 'attempts', ['resident_id'],
                    unique=True, sqlite_where=OPEN_ASSESSMENT, postgresql_where=OPEN_ASSESSMENT)


def downgrade():
    op.drop_index('uq_attempts_open_assessment_resident', table_name='attempts')
