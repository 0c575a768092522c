"""An online ledger entry may be revoked by the resident's later assessment (no staff member)

Revision ID: b6d2e41f9a73
Revises: 8f54776c8e6a
Create Date: 2026-12-05 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b6d2e41f9a73'
down_revision = '8f54776c8e6a'
branch_labels = None
depends_on = None

NAME = 'ck_ledger_entries_revoked_has_reason'
NEW = ("status != 'revoked' OR (revoke_reason IS NOT NULL AND (revoked_by_id IS NOT NULL OR "
       "source = 'online'))")
OLD = "status != 'revoked' OR (revoke_reason IS NOT NULL AND revoked_by_id IS NOT NULL)"


def _replace(condition):
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(NAME), type_='check')
        batch_op.create_check_constraint(batch_op.f(NAME), condition)


def upgrade():
    _replace(NEW)


def downgrade():
    revoked_by_retake = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM ledger_entries WHERE status = 'revoked' AND revoked_by_id IS NULL"
    )).scalar()
    if revoked_by_retake:
        raise RuntimeError(
            f"台账中有 {revoked_by_retake} 条因本人重新测评未达标而撤销的记录，旧版本不允许没有"
            "工作人员的撤销：不能降级到这个版本之前。")
    _replace(OLD)
