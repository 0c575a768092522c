"""Competition entries keep where the entrant lived when they started (entries made before
this take the place their resident has now)

Revision ID: 47e35ed1e35e
Revises: da812f937989
Create Date: 2026-12-05 21:48:16.055190

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '47e35ed1e35e'
down_revision = 'da812f937989'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competition_entry_places',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=True),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.Column('village_code', sa.String(length=12), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_competition_entry_places_attempt_id_attempts')),
    sa.ForeignKeyConstraint(['county_code'], ['divisions.code'], name=op.f('fk_competition_entry_places_county_code_divisions')),
    sa.ForeignKeyConstraint(['township_code'], ['divisions.code'], name=op.f('fk_competition_entry_places_township_code_divisions')),
    sa.ForeignKeyConstraint(['village_code'], ['divisions.code'], name=op.f('fk_competition_entry_places_village_code_divisions')),
    sa.PrimaryKeyConstraint('attempt_id', name=op.f('pk_competition_entry_places'))
    )
    op.execute(
        "INSERT INTO competition_entry_places (attempt_id, county_code, township_code, "
        "village_code) SELECT attempts.id, residents.county_code, residents.township_code, "
        "residents.village_code FROM attempts JOIN residents ON residents.id = "
        "attempts.resident_id WHERE attempts.kind = 'competition'")


def downgrade():
    op.drop_table('competition_entry_places')
