"""Roster entries can be removed (moved away, died, entered twice) and restored

Revision ID: 7e2a9c41d5b3
Revises: 3c1f0a7d2b64
Create Date: 2026-12-04 18:50:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '7e2a9c41d5b3'
down_revision = '3c1f0a7d2b64'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removal_reason', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('removal_note', sa.String(length=200), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_roster_entries_removed_by_id_staff'),
                                    'staff', ['removed_by_id'], ['id'])
        batch_op.create_check_constraint(
            batch_op.f('ck_roster_entries_removal_reason_known'),
            "removal_reason IS NULL OR removal_reason IN ('moved','deceased','duplicate','other')")
        batch_op.create_check_constraint(
            batch_op.f('ck_roster_entries_removed_has_reason'),
            "(removed_at IS NULL) = (removal_reason IS NULL) AND "
            "(removed_at IS NULL) = (removed_by_id IS NULL)")


def downgrade():
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_roster_entries_removed_has_reason'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_roster_entries_removal_reason_known'),
                                 type_='check')
        batch_op.drop_constraint(batch_op.f('fk_roster_entries_removed_by_id_staff'),
                                 type_='foreignkey')
        batch_op.drop_column('removal_note')
        batch_op.drop_column('removal_reason')
        batch_op.drop_column('removed_by_id')
        batch_op.drop_column('removed_at')
