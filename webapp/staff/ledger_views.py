"""The ledger (台账): list with filters, export in the ledger layout, one entry, paper tests
entered by staff, revocation with a reason. All inside the scope."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for

from scoring.rules import LEVEL_NAMES, ScoringRules
from webapp.extensions import db
from webapp.models import Attempt, Staff
from webapp.models.base import utcnow
from webapp.services import audit
from webapp.services.assessment import settings_from
from webapp.services.clock import china_day
from webapp.services.ledger import LedgerError, add_offline_entry, revoke_entry
from webapp.services.ledger_lists import (
    SOURCE_NAMES,
    STATUS_NAMES,
    counted_entries,
    ledger_query,
    other_active_entries,
    rows,
)
from webapp.services.ledger_lists import (
    export_ledger as build_export,
)
from webapp.services.roster_rows import GROUP_NAMES
from webapp.staff import bp
from webapp.staff.access import (
    PEOPLE,
    REVOKERS,
    client_ip,
    ledger_row_or_404,
    roles,
    roster_entry_or_404,
    scope,
    staff,
)
from webapp.staff.filters import LedgerFilterForm
from webapp.staff.forms import OfflineEntryForm, RevokeForm
from webapp.staff.pagination import paginate
from webapp.staff.responses import download, limit_exports

NAMES = {"group_names": GROUP_NAMES, "source_names": SOURCE_NAMES,
         "status_names": STATUS_NAMES, "level_names": LEVEL_NAMES}


@bp.get("/ledger")
@roles(*PEOPLE)
def ledger():
    filters = LedgerFilterForm.from_args()
    chosen = filters.to_filter()
    page = paginate(ledger_query(scope(), chosen), filters.page_number)
    return render_template("staff/ledger.html", filters=filters, page=page,
                           rows=rows(page.items), counted=counted_entries(scope(), chosen),
                           **NAMES)


@bp.post("/ledger/export")
@roles(*PEOPLE)
def export_ledger():
    filters = LedgerFilterForm.from_args()
    limit_exports(staff().id)
    filename = f"具备科学素质公民台账_{china_day(utcnow()):%Y%m%d}.xlsx"
    data, count = build_export(scope(), filters.to_filter(), filename)
    audit.record(staff(), "export", "ledger", None, division_code=scope().division_code,
                 ip=client_ip(), now=utcnow(), after={"filters": filters.args(), "rows": count},
                 summary=f"导出台账 {count} 条")
    db.session.commit()
    return download(data, filename)


@bp.get("/ledger/<int:entry_id>")
@roles(*PEOPLE)
def ledger_entry(entry_id):
    row = ledger_row_or_404(entry_id)
    attempt = db.session.get(Attempt, row.entry.attempt_id) if row.entry.attempt_id else None
    revoked_by = db.session.get(Staff, row.entry.revoked_by_id) if row.entry.revoked_by_id \
        else None
    others_inside, others_outside = other_active_entries(row, scope())
    return render_template("staff/ledger_entry.html", row=row, attempt=attempt,
                           revoked_by=revoked_by, form=RevokeForm(),
                           scored_by=ScoringRules.from_version(row.entry.rules_version),
                           others_inside=others_inside, others_outside=others_outside,
                           can_revoke=staff().role in REVOKERS, **NAMES)


@bp.post("/ledger/<int:entry_id>/revoke")
@roles(*REVOKERS)
def revoke_ledger_entry(entry_id):
    row = ledger_row_or_404(entry_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            revoke_entry(staff(), row.entry, form.reason.data, client_ip(), utcnow())
        except LedgerError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash("已撤销。这条记录仍保留在台账历史和审计日志中。", "ok")
    else:
        flash("请填写撤销原因。", "error")
    return redirect(url_for("staff.ledger_entry", entry_id=entry_id))


@bp.route("/roster/<int:entry_id>/offline", methods=["GET", "POST"])
@roles(*PEOPLE)
def new_offline_entry(entry_id):
    person = roster_entry_or_404(entry_id)
    form = OfflineEntryForm()
    rules = settings_from(current_app.config).rules
    bar = rules.bar_phrase("literate")
    form.score.description = f"线下纸质测评的得分（百分制，{bar}才能记入台账）"
    if form.validate_on_submit():
        try:
            entry = add_offline_entry(staff(), person, form.data, rules, client_ip(), utcnow())
        except LedgerError as exc:
            getattr(form, exc.field or "score").errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"已记入台账：{person.name}。", "ok")
            return redirect(url_for("staff.ledger_entry", entry_id=entry.id))
    return render_template("staff/offline_entry.html", form=form, person=person)
