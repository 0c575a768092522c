"""Create divisions, staff, items and item versions

Revision ID: 9a88b19e6b6a
Revises:
Create Date: 2026-11-23 18:32:20.769899

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a88b19e6b6a'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('divisions',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('adult_population', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.CheckConstraint("level IN ('city','county','township','village')", name=op.f('ck_divisions_level_known')),
    sa.ForeignKeyConstraint(['parent_code'], ['divisions.code'], name=op.f('fk_divisions_parent_code_divisions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_divisions'))
    )
    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_divisions_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_divisions_parent_code'), ['parent_code'], unique=False)

    op.create_table('items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=True),
    sa.Column('latest_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items')),
    sa.UniqueConstraint('ref', name=op.f('uq_items_ref'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('division_code', sa.String(length=12), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('is_active_account', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('city_admin','county_admin','township_staff','village_staff','reviewer')", name=op.f('ck_staff_role_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_staff_created_by_id_staff')),
    sa.ForeignKeyConstraint(['division_code'], ['divisions.code'], name=op.f('fk_staff_division_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('phone', name=op.f('uq_staff_phone'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_division_code'), ['division_code'], unique=False)

    op.create_table('item_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=12), nullable=False),
    sa.Column('stem', sa.Text(), nullable=False),
    sa.Column('stem_norm', sa.String(length=500), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('key', sa.String(length=6), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('benchmark', sa.Integer(), nullable=False),
    sa.Column('point', sa.Integer(), nullable=True),
    sa.Column('dimension', sa.String(length=12), nullable=False),
    sa.Column('areas', sa.JSON(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retired_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status != 'published' OR published_at IS NOT NULL", name=op.f('ck_item_versions_published_has_time')),
    sa.CheckConstraint("status IN ('draft','reviewed','published','retired')", name=op.f('ck_item_versions_status_known')),
    sa.CheckConstraint("type IN ('true_false','single','multiple')", name=op.f('ck_item_versions_type_known')),
    sa.CheckConstraint('benchmark BETWEEN 1 AND 26', name=op.f('ck_item_versions_benchmark_range')),
    sa.CheckConstraint('difficulty BETWEEN 1 AND 5', name=op.f('ck_item_versions_difficulty_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_item_versions_created_by_id_staff')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_versions_item_id_items')),
    sa.ForeignKeyConstraint(['published_by_id'], ['staff.id'], name=op.f('fk_item_versions_published_by_id_staff')),
    sa.ForeignKeyConstraint(['retired_by_id'], ['staff.id'], name=op.f('fk_item_versions_retired_by_id_staff')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['staff.id'], name=op.f('fk_item_versions_reviewed_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_versions')),
    sa.UniqueConstraint('item_id', 'version', name='uq_item_versions_item_version')
    )
    with op.batch_alter_table('item_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_versions_benchmark'), ['benchmark'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_versions_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_versions_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_versions_stem_norm'), ['stem_norm'], unique=False)



def downgrade():
    with op.batch_alter_table('item_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_versions_stem_norm'))
        batch_op.drop_index(batch_op.f('ix_item_versions_status'))
        batch_op.drop_index(batch_op.f('ix_item_versions_item_id'))
        batch_op.drop_index(batch_op.f('ix_item_versions_benchmark'))

    op.drop_table('item_versions')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_division_code'))

    op.drop_table('staff')
    op.drop_table('items')
    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_divisions_parent_code'))
        batch_op.drop_index(batch_op.f('ix_divisions_city_code'))

    op.drop_table('divisions')
