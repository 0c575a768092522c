"""Add township margin uploads and demo residents for the monitoring report

Revision ID: ed19695259d2
Revises: 5ed41c0c711c
Create Date: 2026-11-23 19:06:30.977655

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ed19695259d2'
down_revision = '5ed41c0c711c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('demo_residents',
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_demo_residents_resident_id_residents')),
    sa.PrimaryKeyConstraint('resident_id', name=op.f('pk_demo_residents'))
    )
    op.create_table('township_margin_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('township_count', sa.Integer(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['staff.id'], name=op.f('fk_township_margin_uploads_uploaded_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_township_margin_uploads'))
    )
    op.create_table('township_margins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('variable', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("variable IN ('sex_age_band','sex','age_band','education','urban')", name=op.f('ck_township_margins_variable_known')),
    sa.CheckConstraint('population >= 0', name=op.f('ck_township_margins_population_non_negative')),
    sa.ForeignKeyConstraint(['township_code'], ['divisions.code'], name=op.f('fk_township_margins_township_code_divisions')),
    sa.ForeignKeyConstraint(['upload_id'], ['township_margin_uploads.id'], name=op.f('fk_township_margins_upload_id_township_margin_uploads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_township_margins')),
    sa.UniqueConstraint('township_code', 'variable', 'category', name='uq_township_margins_township_variable_category')
    )
    with op.batch_alter_table('township_margins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_township_margins_township_code'), ['township_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_township_margins_upload_id'), ['upload_id'], unique=False)


def downgrade():
    with op.batch_alter_table('township_margins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_township_margins_upload_id'))
        batch_op.drop_index(batch_op.f('ix_township_margins_township_code'))
    op.drop_table('township_margins')
    op.drop_table('township_margin_uploads')
    op.drop_table('demo_residents')
