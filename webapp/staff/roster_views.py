"""Rosters (花名册): list, import from Excel with row-by-row errors, template, export, one
person's page with the phone number revealed on request, and edits. All inside the scope."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from webapp.extensions import db
from webapp.formatting import mask_phone
from webapp.models import Division
from webapp.models.base import utcnow
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.ledger import active_entry_for
from webapp.services.roster_import import import_roster as run_import
from webapp.services.roster_removal import REASON_NAMES, RemovalError, remove_entry, restore_entry
from webapp.services.roster_rows import GROUP_NAMES, HEADERS, youth_error
from webapp.services.rosters import export_roster as build_export
from webapp.services.rosters import phone_taken, roster_query, template, update_entry
from webapp.staff import bp
from webapp.staff.access import (
    PEOPLE,
    PHONE_ROLES,
    client_ip,
    roles,
    roster_entry_or_404,
    scope,
    staff,
)
from webapp.staff.filters import RosterFilterForm
from webapp.staff.forms import RosterEntryForm, RosterImportForm, RosterRemovalForm
from webapp.staff.pagination import paginate
from webapp.staff.responses import download, limit_exports, limit_reveals, no_store


@bp.get("/roster")
@roles(*PEOPLE)
def roster():
    filters = RosterFilterForm.from_args()
    page = paginate(roster_query(scope(), filters.to_filter()), filters.page_number)
    return render_template("staff/roster.html", filters=filters, page=page,
                           group_names=GROUP_NAMES, can_full=staff().role in PHONE_ROLES)


@bp.route("/roster/import", methods=["GET", "POST"])
@roles(*PEOPLE)
def import_roster():
    form = RosterImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        result = run_import(upload.read(), upload.filename or "roster.xlsx", staff(), scope(),
                            client_ip(), utcnow())
        if result.ok:
            db.session.commit()
            flash(f"导入成功：新增 {result.created} 人，更新 {result.updated} 人，"
                  f"未变 {result.unchanged} 人，关联到 App 账号 {result.linked} 人。", "ok")
            if result.removed:
                shown = "、".join(result.removed[:20]) + ("等" if len(result.removed) > 20 else "")
                flash(f"{len(result.removed)} 人已移出花名册，本次没有导入：{shown}。"
                      "如需恢复，请在其个人页面点“恢复到花名册”。", "error")
            return redirect(url_for("staff.roster"))
        db.session.rollback()
    return render_template("staff/roster_import.html", form=form, result=result,
                           headers=HEADERS, group_names=GROUP_NAMES)


@bp.get("/roster/template.xlsx")
@roles(*PEOPLE)
def roster_template():
    return download(template("花名册模板.xlsx"), "花名册模板.xlsx")


@bp.post("/roster/export")
@roles(*PEOPLE)
def export_roster():
    filters = RosterFilterForm.from_args()
    full = request.form.get("phones") == "full"
    if full and staff().role not in PHONE_ROLES:
        abort(403)
    limit_exports(staff().id)
    filename = "花名册.xlsx"
    data = build_export(scope(), filters.to_filter(), full, filename)
    audit.record(staff(), "export", "roster", None, division_code=scope().division_code,
                 ip=client_ip(), now=utcnow(), after={"filters": filters.args(),
                                                      "full_phones": full},
                 summary=f"导出花名册（{'完整手机号' if full else '手机号已隐藏'}）")
    db.session.commit()
    return download(data, filename)


def _entry_page(entry, phone: str, removal_form: RosterRemovalForm | None = None):
    village = db.session.get(Division, entry.village_code)
    return render_template("staff/roster_entry.html", entry=entry, village=village, phone=phone,
                           group_names=GROUP_NAMES, can_reveal=staff().role in PHONE_ROLES,
                           in_ledger=active_entry_for(roster_entry_id=entry.id,
                                                      resident_id=entry.resident_id),
                           removal_form=removal_form or RosterRemovalForm(formdata=None),
                           reason_names=REASON_NAMES)


@bp.get("/roster/<int:entry_id>")
@roles(*PEOPLE)
def roster_entry(entry_id):
    entry = roster_entry_or_404(entry_id)
    return _entry_page(entry, mask_phone(entry.phone))


@bp.post("/roster/<int:entry_id>/reveal")
@roles(*PHONE_ROLES)
def reveal_roster_phone(entry_id):
    entry = roster_entry_or_404(entry_id)
    limit_reveals(staff().id)
    audit.record(staff(), "reveal", "roster_entry", entry.id, division_code=entry.village_code,
                 ip=client_ip(), now=utcnow(), summary=f"查看 {entry.name} 的完整手机号")
    db.session.commit()
    return no_store(_entry_page(entry, entry.phone or ""))


@bp.route("/roster/<int:entry_id>/edit", methods=["GET", "POST"])
@roles(*PEOPLE)
def edit_roster_entry(entry_id):
    entry = roster_entry_or_404(entry_id)
    form = RosterEntryForm(obj=None if request.method == "POST" else entry)
    if request.method == "GET":
        form.phone.data = ""
        form.education.data = entry.education or ""
    if form.validate_on_submit() and not any([_phone_refused(form, entry),
                                              _youth_refused(form)]):
        values = {k: form.data[k] for k in ("name", "sex", "birth_year", "key_group")}
        values["education"] = form.education.data or None
        if form.phone.data:
            values["phone"] = form.phone.data
        changed = update_entry(staff(), entry, values, client_ip(), utcnow())
        db.session.commit()
        flash("已保存。" if changed else "没有改动。", "ok")
        return redirect(url_for("staff.roster_entry", entry_id=entry.id))
    return render_template("staff/roster_edit.html", form=form, entry=entry)


def _youth_refused(form) -> bool:
    problem = youth_error(form.key_group.data, form.birth_year.data, china_day(utcnow()).year)
    if problem:
        form.key_group.errors.append(problem)
    return problem is not None


def _phone_refused(form, entry) -> bool:
    taken = phone_taken(entry, form.phone.data, scope()) if form.phone.data else None
    if taken:
        form.phone.errors.append(taken)
    return taken is not None


@bp.post("/roster/<int:entry_id>/remove")
@roles(*PEOPLE)
def remove_roster_entry(entry_id):
    entry = roster_entry_or_404(entry_id)
    form = RosterRemovalForm()
    if not form.validate_on_submit():
        return _entry_page(entry, mask_phone(entry.phone), removal_form=form)
    try:
        remove_entry(staff(), entry, form.reason.data, form.note.data, client_ip(), utcnow())
    except RemovalError as exc:
        form.reason.errors = [*form.reason.errors, str(exc)]
        return _entry_page(entry, mask_phone(entry.phone), removal_form=form)
    db.session.commit()
    flash(f"已将{entry.name}移出花名册。台账记录和历史都保留；如有误，可在本页恢复。", "ok")
    return redirect(url_for("staff.roster_entry", entry_id=entry.id))


@bp.post("/roster/<int:entry_id>/restore")
@roles(*PEOPLE)
def restore_roster_entry(entry_id):
    entry = roster_entry_or_404(entry_id)
    try:
        restore_entry(staff(), entry, client_ip(), utcnow())
    except RemovalError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"已将{entry.name}恢复到花名册。", "ok")
    return redirect(url_for("staff.roster_entry", entry_id=entry.id))
