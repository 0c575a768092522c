"""Residents given a temporary password by staff are asked to choose their own at sign-in

Revision ID: a1c3e5f7b9d2
Revises: f4e28e463e9e
Create Date: 2026-12-06 03:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f7b9d2'
down_revision = 'f4e28e463e9e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.alter_column('must_change_password', server_default=None)


def downgrade():
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
