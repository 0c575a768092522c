"""Organisers can cancel a competition before it ends (when, and why for residents)

Revision ID: e8a37721fed4
Revises: 6fce0ab52be0
Create Date: 2026-12-05 21:14:25.709883

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a37721fed4'
down_revision = '6fce0ab52be0'
branch_labels = None
depends_on = None

HAS_REASON = "(cancelled_at IS NULL) = (cancel_reason IS NULL)"


def upgrade():
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=200), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_competitions_cancel_has_reason'),
                                         HAS_REASON)


def downgrade():
    cancelled = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM competitions WHERE cancelled_at IS NOT NULL")).scalar()
    if cancelled:
        raise RuntimeError(
            f"已有 {cancelled} 场竞赛被取消，旧版本会把它们当作仍在进行：不能降级到这个版本之前。")
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_competitions_cancel_has_reason'), type_='check')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
