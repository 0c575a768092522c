"""Store the number of items of each attempt

Revision ID: d8c5d4f51460
Revises: b7dc46fd2a8a
Create Date: 2026-11-23 18:47:52.022111

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8c5d4f51460'
down_revision = 'b7dc46fd2a8a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE attempts SET size = (SELECT count(*) FROM attempt_items "
               "WHERE attempt_items.attempt_id = attempts.id)")
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.alter_column('size', server_default=None)


def downgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('size')
