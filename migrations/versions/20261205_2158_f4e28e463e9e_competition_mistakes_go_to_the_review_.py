"""Competition mistakes go to the review book once the competition is over (entries of
competitions already over go there the next time their entrant opens the app)

Revision ID: f4e28e463e9e
Revises: 47e35ed1e35e
Create Date: 2026-12-05 21:58:17.824549

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4e28e463e9e'
down_revision = '47e35ed1e35e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competition_entries_reviewed',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_competition_entries_reviewed_attempt_id_attempts')),
    sa.PrimaryKeyConstraint('attempt_id', name=op.f('pk_competition_entries_reviewed'))
    )


def downgrade():
    op.drop_table('competition_entries_reviewed')
