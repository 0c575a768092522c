"""One active ledger entry per app account and per roster row (partial unique indexes)

Revision ID: 3c1f0a7d2b64
Revises: ed19695259d2
Create Date: 2026-12-04 19:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1f0a7d2b64'
down_revision = 'ed19695259d2'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status = 'active'")


def upgrade():
    # Earlier versions kept the rule in code only; refuse clearly rather than fail midway if
    # a database already holds two active entries for one person.
    for column in ('resident_id', 'roster_entry_id'):
        query = (f"SELECT {column}, COUNT(*) FROM ledger_entries WHERE status = 'active' AND "  # noqa: S608 - fixed column names
                 f"{column} IS NOT NULL GROUP BY {column} HAVING COUNT(*) > 1")
        twice = op.get_bind().execute(sa.text(query)).fetchall()
        if twice:
            people = ", ".join(f"{column}={row[0]}" for row in twice[:20])
            raise RuntimeError(
                f"台账中有同一人的多条有效记录（{people}）：请先在工作人员后台撤销多余的记录，"
                "再运行 flask db upgrade。")
    op.create_index('uq_ledger_entries_active_resident', 'ledger_entries', ['resident_id'],
                    unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE)
    op.create_index('uq_ledger_entries_active_roster_entry', 'ledger_entries',
                    ['roster_entry_id'], unique=True, sqlite_where=ACTIVE,
                    postgresql_where=ACTIVE)


def downgrade():
    op.drop_index('uq_ledger_entries_active_roster_entry', table_name='ledger_entries')
    op.drop_index('uq_ledger_entries_active_resident', table_name='ledger_entries')
