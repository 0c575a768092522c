"""Add rosters, the ledger, the audit log, monitoring samples and item flags

Revision ID: 5ed41c0c711c
Revises: d8c5d4f51460
Create Date: 2026-11-23 18:54:16.240614

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5ed41c0c711c'
down_revision = 'd8c5d4f51460'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('staff_role', sa.String(length=20), nullable=True),
    sa.Column('division_code', sa.String(length=12), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('object_type', sa.String(length=30), nullable=False),
    sa.Column('object_id', sa.String(length=40), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_audit_events_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_division_code'), ['division_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_staff_id'), ['staff_id'], unique=False)

    op.create_table('monitoring_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('division_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('allocation', sa.String(length=12), nullable=False),
    sa.Column('by_group', sa.Boolean(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=False),
    sa.Column('max_age', sa.Integer(), nullable=False),
    sa.Column('requested_size', sa.Integer(), nullable=False),
    sa.Column('frame_size', sa.Integer(), nullable=False),
    sa.Column('drawn_size', sa.Integer(), nullable=False),
    sa.Column('strata', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("allocation IN ('proportional','equal')", name=op.f('ck_monitoring_samples_allocation_known')),
    sa.CheckConstraint('drawn_size <= frame_size', name=op.f('ck_monitoring_samples_size_within_frame')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_monitoring_samples_created_by_id_staff')),
    sa.ForeignKeyConstraint(['division_code'], ['divisions.code'], name=op.f('fk_monitoring_samples_division_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_samples'))
    )
    with op.batch_alter_table('monitoring_samples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_samples_division_code'), ['division_code'], unique=False)

    op.create_table('roster_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=True),
    sa.Column('education', sa.String(length=10), nullable=True),
    sa.Column('key_group', sa.String(length=10), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("education IS NULL OR education IN ('primary','junior','senior','college','bachelor')", name=op.f('ck_roster_entries_education_known')),
    sa.CheckConstraint("key_group IN ('youth','farmer','worker','elderly','cadre','other')", name=op.f('ck_roster_entries_key_group_known')),
    sa.CheckConstraint("sex IN ('m','f')", name=op.f('ck_roster_entries_sex_known')),
    sa.CheckConstraint('birth_year BETWEEN 1900 AND 2100', name=op.f('ck_roster_entries_birth_year_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_roster_entries_created_by_id_staff')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_roster_entries_resident_id_residents')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['staff.id'], name=op.f('fk_roster_entries_updated_by_id_staff')),
    sa.ForeignKeyConstraint(['village_code'], ['divisions.code'], name=op.f('fk_roster_entries_village_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_entries'))
    )
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_entries_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_entries_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_entries_village_code'), ['village_code'], unique=False)
        batch_op.create_index('ix_roster_entries_village_name', ['village_code', 'name'], unique=False)

    op.create_table('item_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('item_version_id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handling_note', sa.String(length=500), nullable=True),
    sa.CheckConstraint("(status = 'open') = (handled_at IS NULL)", name=op.f('ck_item_flags_handled_has_time')),
    sa.CheckConstraint("reason IN ('wrong_key','wrong_explanation','unclear','outdated','typo','other')", name=op.f('ck_item_flags_reason_known')),
    sa.CheckConstraint("status IN ('open','resolved','dismissed')", name=op.f('ck_item_flags_status_known')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['staff.id'], name=op.f('fk_item_flags_handled_by_id_staff')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_flags_item_id_items')),
    sa.ForeignKeyConstraint(['item_version_id'], ['item_versions.id'], name=op.f('fk_item_flags_item_version_id_item_versions')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_item_flags_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_flags')),
    sa.UniqueConstraint('resident_id', 'item_version_id', name='uq_item_flags_resident_item_version')
    )
    with op.batch_alter_table('item_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_flags_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_flags_status'), ['status'], unique=False)

    op.create_table('ledger_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('roster_entry_id', sa.Integer(), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('rules_version', sa.String(length=80), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('examiner', sa.String(length=50), nullable=True),
    sa.Column('evidence_note', sa.Text(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('education', sa.String(length=10), nullable=True),
    sa.Column('key_group', sa.String(length=10), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=300), nullable=True),
    sa.CheckConstraint("(status = 'revoked') = (revoked_at IS NOT NULL)", name=op.f('ck_ledger_entries_revoked_has_time')),
    sa.CheckConstraint("source != 'offline' OR (entered_by_id IS NOT NULL AND examiner IS NOT NULL AND roster_entry_id IS NOT NULL)", name=op.f('ck_ledger_entries_offline_has_examiner')),
    sa.CheckConstraint("source != 'online' OR attempt_id IS NOT NULL", name=op.f('ck_ledger_entries_online_has_attempt')),
    sa.CheckConstraint("source IN ('online','offline')", name=op.f('ck_ledger_entries_source_known')),
    sa.CheckConstraint("status != 'revoked' OR (revoke_reason IS NOT NULL AND revoked_by_id IS NOT NULL)", name=op.f('ck_ledger_entries_revoked_has_reason')),
    sa.CheckConstraint("status IN ('active','revoked')", name=op.f('ck_ledger_entries_status_known')),
    sa.CheckConstraint('score BETWEEN 0 AND 100', name=op.f('ck_ledger_entries_score_range')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_ledger_entries_attempt_id_attempts')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['staff.id'], name=op.f('fk_ledger_entries_entered_by_id_staff')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_ledger_entries_resident_id_residents')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['staff.id'], name=op.f('fk_ledger_entries_revoked_by_id_staff')),
    sa.ForeignKeyConstraint(['roster_entry_id'], ['roster_entries.id'], name=op.f('fk_ledger_entries_roster_entry_id_roster_entries')),
    sa.ForeignKeyConstraint(['township_code'], ['divisions.code'], name=op.f('fk_ledger_entries_township_code_divisions')),
    sa.ForeignKeyConstraint(['village_code'], ['divisions.code'], name=op.f('fk_ledger_entries_village_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries')),
    sa.UniqueConstraint('attempt_id', name=op.f('uq_ledger_entries_attempt_id'))
    )
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_entries_assessed_on'), ['assessed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_roster_entry_id'), ['roster_entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_entries_township_code'), ['township_code'], unique=False)
        batch_op.create_index('ix_ledger_entries_village_status', ['village_code', 'status'], unique=False)

    op.create_table('sample_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('roster_entry_id', sa.Integer(), nullable=False),
    sa.Column('stratum', sa.String(length=40), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('key_group', sa.String(length=10), nullable=False),
    sa.Column('inclusion_probability', sa.Float(), nullable=False),
    sa.Column('invitation_code', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status_by_id', sa.Integer(), nullable=True),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status != 'responded' OR attempt_id IS NOT NULL OR status_by_id IS NOT NULL", name=op.f('ck_sample_members_responded_has_source')),
    sa.CheckConstraint("status IN ('invited','responded','refused','unreachable')", name=op.f('ck_sample_members_status_known')),
    sa.CheckConstraint('inclusion_probability > 0 AND inclusion_probability <= 1', name=op.f('ck_sample_members_probability_range')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_sample_members_attempt_id_attempts')),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_sample_members_resident_id_residents')),
    sa.ForeignKeyConstraint(['roster_entry_id'], ['roster_entries.id'], name=op.f('fk_sample_members_roster_entry_id_roster_entries')),
    sa.ForeignKeyConstraint(['sample_id'], ['monitoring_samples.id'], name=op.f('fk_sample_members_sample_id_monitoring_samples')),
    sa.ForeignKeyConstraint(['status_by_id'], ['staff.id'], name=op.f('fk_sample_members_status_by_id_staff')),
    sa.ForeignKeyConstraint(['township_code'], ['divisions.code'], name=op.f('fk_sample_members_township_code_divisions')),
    sa.ForeignKeyConstraint(['village_code'], ['divisions.code'], name=op.f('fk_sample_members_village_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample_members')),
    sa.UniqueConstraint('invitation_code', name=op.f('uq_sample_members_invitation_code')),
    sa.UniqueConstraint('sample_id', 'roster_entry_id', name='uq_sample_members_sample_roster')
    )
    with op.batch_alter_table('sample_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sample_members_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_members_roster_entry_id'), ['roster_entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_members_sample_id'), ['sample_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_members_village_code'), ['village_code'], unique=False)

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.alter_column('must_change_password', server_default=None)
    _forbid_audit_updates()



def _forbid_audit_updates():
    """The audit log is append-only: the database refuses UPDATE, whatever the caller."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ "
                   "BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; "
                   "$$ LANGUAGE plpgsql")
        op.execute("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                   "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")
    else:
        op.execute("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                   "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END")


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update" +
               (" ON audit_events" if op.get_bind().dialect.name == 'postgresql' else ""))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('last_login_at')
        batch_op.drop_column('must_change_password')

    with op.batch_alter_table('sample_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sample_members_village_code'))
        batch_op.drop_index(batch_op.f('ix_sample_members_sample_id'))
        batch_op.drop_index(batch_op.f('ix_sample_members_roster_entry_id'))
        batch_op.drop_index(batch_op.f('ix_sample_members_resident_id'))

    op.drop_table('sample_members')
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_entries_village_status')
        batch_op.drop_index(batch_op.f('ix_ledger_entries_township_code'))
        batch_op.drop_index(batch_op.f('ix_ledger_entries_roster_entry_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_entries_resident_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_entries_assessed_on'))

    op.drop_table('ledger_entries')
    with op.batch_alter_table('item_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_flags_status'))
        batch_op.drop_index(batch_op.f('ix_item_flags_item_id'))

    op.drop_table('item_flags')
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_entries_village_name')
        batch_op.drop_index(batch_op.f('ix_roster_entries_village_code'))
        batch_op.drop_index(batch_op.f('ix_roster_entries_resident_id'))
        batch_op.drop_index(batch_op.f('ix_roster_entries_phone'))

    op.drop_table('roster_entries')
    with op.batch_alter_table('monitoring_samples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_samples_division_code'))

    op.drop_table('monitoring_samples')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_staff_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_division_code'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
