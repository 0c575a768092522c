"""Competition standings read in index order; a finished entry has a score

Revision ID: 6fce0ab52be0
Revises: 9b63f379c516
Create Date: 2026-12-05 17:22:03.770108

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6fce0ab52be0'
down_revision = '9b63f379c516'
branch_labels = None
depends_on = None

SCORED_OLD = "(finished_at IS NULL) = (score IS NULL) OR kind != 'assessment'"
SCORED_NEW = ("(finished_at IS NULL) = (score IS NULL) "
              "OR kind NOT IN ('assessment', 'competition')")


def upgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attempts_finished_has_score'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attempts_finished_has_score'), SCORED_NEW)
    # outside the batch: SQLite's table copy cannot carry an index on an expression (score DESC)
    op.drop_index('ix_attempts_competition_standing', table_name='attempts')
    op.create_index('ix_attempts_competition_standing', 'attempts',
                    ['competition_id', sa.text('score DESC'), 'seconds_used', 'id'])


def downgrade():
    op.drop_index('ix_attempts_competition_standing', table_name='attempts')
    op.create_index('ix_attempts_competition_standing', 'attempts',
                    ['competition_id', 'score', 'seconds_used'])
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attempts_finished_has_score'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attempts_finished_has_score'), SCORED_OLD)
