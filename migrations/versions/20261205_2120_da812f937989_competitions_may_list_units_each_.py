"""Competitions may list units (单位); each entrant chooses theirs, so units can be compared

Revision ID: da812f937989
Revises: e8a37721fed4
Create Date: 2026-12-05 21:20:51.771330

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'da812f937989'
down_revision = 'e8a37721fed4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competition_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_units_competition_id_competitions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_units')),
    sa.UniqueConstraint('competition_id', 'name', name='uq_competition_units_competition_name')
    )
    with op.batch_alter_table('competition_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_units_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_entry_units',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_competition_entry_units_attempt_id_attempts')),
    sa.ForeignKeyConstraint(['unit_id'], ['competition_units.id'], name=op.f('fk_competition_entry_units_unit_id_competition_units')),
    sa.PrimaryKeyConstraint('attempt_id', name=op.f('pk_competition_entry_units'))
    )
    with op.batch_alter_table('competition_entry_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_entry_units_unit_id'), ['unit_id'], unique=False)



def downgrade():
    units = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM competition_units")).scalar()
    if units:
        raise RuntimeError(
            f"竞赛已列出 {units} 个参赛单位，旧版本没有单位：不能降级到这个版本之前。")
    with op.batch_alter_table('competition_entry_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_entry_units_unit_id'))

    op.drop_table('competition_entry_units')
    with op.batch_alter_table('competition_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_units_competition_id'))

    op.drop_table('competition_units')
