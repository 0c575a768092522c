"""Competitions with a fixed paper; attempts of kind competition are their entries

Revision ID: 9b63f379c516
Revises: b6d2e41f9a73
Create Date: 2026-12-05 14:12:14.413788

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b63f379c516'
down_revision = 'b6d2e41f9a73'
branch_labels = None
depends_on = None

KIND_OLD = "kind IN ('daily','topic','review','assessment','lesson')"
KIND_NEW = "kind IN ('daily','topic','review','assessment','lesson','competition')"
ENTRY = "(kind = 'competition') = (competition_id IS NOT NULL AND resident_id IS NOT NULL)"


def upgrade():
    op.create_table('competitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('division_code', sa.String(length=12), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=True),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_competitions_window_ordered')),
    sa.CheckConstraint('item_count BETWEEN 5 AND 50', name=op.f('ck_competitions_item_count_range')),
    sa.CheckConstraint('minutes BETWEEN 1 AND 120', name=op.f('ck_competitions_minutes_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_competitions_created_by_id_staff')),
    sa.ForeignKeyConstraint(['division_code'], ['divisions.code'], name=op.f('fk_competitions_division_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitions'))
    )
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitions_division_code'), ['division_code'], unique=False)

    op.create_table('competition_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item_version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_items_competition_id_competitions')),
    sa.ForeignKeyConstraint(['item_version_id'], ['item_versions.id'], name=op.f('fk_competition_items_item_version_id_item_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_items')),
    sa.UniqueConstraint('competition_id', 'position', name='uq_competition_items_competition_position')
    )
    with op.batch_alter_table('competition_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_items_competition_id'), ['competition_id'], unique=False)

    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competition_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('seconds_used', sa.Integer(), nullable=True))
        batch_op.create_index('ix_attempts_competition_standing', ['competition_id', 'score', 'seconds_used'], unique=False)
        batch_op.create_unique_constraint('uq_attempts_competition_resident', ['competition_id', 'resident_id'])
        batch_op.create_foreign_key(batch_op.f('fk_attempts_competition_id_competitions'), 'competitions', ['competition_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('ck_attempts_kind_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attempts_kind_known'), KIND_NEW)
        batch_op.create_check_constraint(batch_op.f('ck_attempts_competition_entry'), ENTRY)



def downgrade():
    entries = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM attempts WHERE kind = 'competition'")).scalar()
    if entries:
        raise RuntimeError(
            f"已有 {entries} 份竞赛答卷，旧版本没有竞赛：不能降级到这个版本之前。")
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attempts_competition_entry'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_attempts_kind_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attempts_kind_known'), KIND_OLD)
        batch_op.drop_constraint(batch_op.f('fk_attempts_competition_id_competitions'), type_='foreignkey')
        batch_op.drop_constraint('uq_attempts_competition_resident', type_='unique')
        batch_op.drop_index('ix_attempts_competition_standing')
        batch_op.drop_column('seconds_used')
        batch_op.drop_column('competition_id')

    with op.batch_alter_table('competition_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_items_competition_id'))

    op.drop_table('competition_items')
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitions_division_code'))

    op.drop_table('competitions')
