"""Add content pages and reading progress

Revision ID: b7dc46fd2a8a
Revises: 23137899a69a
Create Date: 2026-11-23 18:43:01.693849

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7dc46fd2a8a'
down_revision = '23137899a69a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('verdict', sa.String(length=12), nullable=True),
    sa.Column('benchmarks', sa.JSON(), nullable=False),
    sa.Column('areas', sa.JSON(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('reading_minutes', sa.Integer(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('practice_item_ids', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('lesson','debunk')", name=op.f('ck_content_pages_kind_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_pages')),
    sa.UniqueConstraint('slug', name=op.f('uq_content_pages_slug'))
    )
    with op.batch_alter_table('content_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_pages_kind'), ['kind'], unique=False)

    op.create_table('reading_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['page_id'], ['content_pages.id'], name=op.f('fk_reading_progress_page_id_content_pages')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_reading_progress_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reading_progress')),
    sa.UniqueConstraint('resident_id', 'page_id', name='uq_reading_progress_resident_page')
    )
    with op.batch_alter_table('reading_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reading_progress_resident_id'), ['resident_id'], unique=False)



def downgrade():
    with op.batch_alter_table('reading_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reading_progress_resident_id'))

    op.drop_table('reading_progress')
    with op.batch_alter_table('content_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_pages_kind'))

    op.drop_table('content_pages')
