"""Add residents, attempts, answers and the review book

Revision ID: 23137899a69a
Revises: 9a88b19e6b6a
Create Date: 2026-11-23 18:38:49.619486

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '23137899a69a'
down_revision = '9a88b19e6b6a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('residents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=True),
    sa.Column('password_hash', sa.String(length=256), nullable=True),
    sa.Column('wechat_openid', sa.String(length=64), nullable=True),
    sa.Column('nickname', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=12), nullable=True),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.Column('village_code', sa.String(length=12), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('education', sa.String(length=10), nullable=True),
    sa.Column('occupation', sa.String(length=10), nullable=True),
    sa.Column('elderly_mode', sa.Boolean(), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('streak_days', sa.Integer(), nullable=False),
    sa.Column('last_daily_on', sa.Date(), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("education IS NULL OR education IN ('primary','junior','senior','college','bachelor')", name=op.f('ck_residents_education_known')),
    sa.CheckConstraint("occupation IS NULL OR occupation IN ('farmer','worker','cadre','other')", name=op.f('ck_residents_occupation_known')),
    sa.CheckConstraint("sex IS NULL OR sex IN ('m','f')", name=op.f('ck_residents_sex_known')),
    sa.CheckConstraint('deleted_at IS NULL OR (phone IS NULL AND wechat_openid IS NULL)', name=op.f('ck_residents_deleted_is_anonymous')),
    sa.ForeignKeyConstraint(['county_code'], ['divisions.code'], name=op.f('fk_residents_county_code_divisions')),
    sa.ForeignKeyConstraint(['township_code'], ['divisions.code'], name=op.f('fk_residents_township_code_divisions')),
    sa.ForeignKeyConstraint(['village_code'], ['divisions.code'], name=op.f('fk_residents_village_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residents')),
    sa.UniqueConstraint('phone', name=op.f('uq_residents_phone')),
    sa.UniqueConstraint('wechat_openid', name=op.f('uq_residents_wechat_openid'))
    )
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_residents_township_code'), ['township_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_village_code'), ['village_code'], unique=False)

    op.create_table('attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=22), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('guest_token', sa.String(length=32), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('topic', sa.String(length=80), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=10), nullable=True),
    sa.Column('meets_standard', sa.Boolean(), nullable=True),
    sa.Column('meets_basic_rule', sa.Boolean(), nullable=True),
    sa.Column('dimension_scores', sa.JSON(), nullable=True),
    sa.Column('benchmark_scores', sa.JSON(), nullable=True),
    sa.Column('rules_version', sa.String(length=80), nullable=True),
    sa.CheckConstraint("(finished_at IS NULL) = (score IS NULL) OR kind != 'assessment'", name=op.f('ck_attempts_finished_has_score')),
    sa.CheckConstraint("kind IN ('daily','topic','review','assessment','lesson')", name=op.f('ck_attempts_kind_known')),
    sa.CheckConstraint('resident_id IS NOT NULL OR guest_token IS NOT NULL', name=op.f('ck_attempts_has_owner')),
    sa.CheckConstraint('score IS NULL OR score BETWEEN 0 AND 100', name=op.f('ck_attempts_score_range')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_attempts_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts')),
    sa.UniqueConstraint('public_id', name=op.f('uq_attempts_public_id'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempts_guest_token'), ['guest_token'], unique=False)
        batch_op.create_index('ix_attempts_resident_kind', ['resident_id', 'kind'], unique=False)

    op.create_table('review_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('right_streak', sa.Integer(), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_wrong_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_review_entries_item_id_items')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_review_entries_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_entries')),
    sa.UniqueConstraint('resident_id', 'item_id', name='uq_review_entries_resident_item')
    )
    with op.batch_alter_table('review_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_entries_resident_id'), ['resident_id'], unique=False)

    op.create_table('attempt_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item_version_id', sa.Integer(), nullable=False),
    sa.Column('option_order', sa.String(length=6), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_items_attempt_id_attempts')),
    sa.ForeignKeyConstraint(['item_version_id'], ['item_versions.id'], name=op.f('fk_attempt_items_item_version_id_item_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_items')),
    sa.UniqueConstraint('attempt_id', 'position', name='uq_attempt_items_attempt_position')
    )
    with op.batch_alter_table('attempt_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_items_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_items_item_version_id'), ['item_version_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_item_id', sa.Integer(), nullable=False),
    sa.Column('response', sa.String(length=6), nullable=False),
    sa.Column('is_correct', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_item_id'], ['attempt_items.id'], name=op.f('fk_answers_attempt_item_id_attempt_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('attempt_item_id', name=op.f('uq_answers_attempt_item_id'))
    )


def downgrade():
    op.drop_table('answers')
    with op.batch_alter_table('attempt_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_items_item_version_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_items_attempt_id'))

    op.drop_table('attempt_items')
    with op.batch_alter_table('review_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_entries_resident_id'))

    op.drop_table('review_entries')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_resident_kind')
        batch_op.drop_index(batch_op.f('ix_attempts_guest_token'))

    op.drop_table('attempts')
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_residents_village_code'))
        batch_op.drop_index(batch_op.f('ix_residents_township_code'))

    op.drop_table('residents')
