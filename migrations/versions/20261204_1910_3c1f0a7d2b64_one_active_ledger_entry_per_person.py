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
    op.create_index('uq_ledger_entries_active_resident', 'ledger_entries', ['resident_id'],
                    unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE)
    op.create_index('uq_ledger_entries_active_roster_entry', 'ledger_entries',
                    ['roster_entry_id'], unique=True, sqlite_where=ACTIVE,
                    postgresql_where=ACTIVE)


def downgrade():
    op.drop_index('uq_ledger_entries_active_roster_entry', table_name='ledger_entries')
    op.drop_index('uq_ledger_entries_active_resident', table_name='ledger_entries')
