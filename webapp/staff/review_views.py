"""Question review for reviewers and the city admin: list and filter items, edit (a published
version gets a new one), move along draft → reviewed → published → retired, import a file,
and the queue of residents' flags (纠错)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from question_bank.types import STATUS_NAMES, STATUSES
from webapp.config import ROOT
from webapp.extensions import db
from webapp.models import ItemVersion, Staff
from webapp.models.base import utcnow
from webapp.models.flag import FLAG_REASONS
from webapp.security import db_int
from webapp.services.bank import TRANSITIONS, ItemEditError
from webapp.services.flags import FlagError, flags_query, open_flag_counts
from webapp.services.flags import handle_flag as close_flag
from webapp.services.item_review import (
    ItemFilter,
    import_file,
    item_versions,
    items_query,
    latest_version,
    move_status,
    save_edit,
)
from webapp.services.taxonomy import current_taxonomy
from webapp.staff import bp
from webapp.staff.access import BANK, client_ip, flag_or_404, item_or_404, roles, staff
from webapp.staff.forms import FlagHandleForm, ItemImportForm
from webapp.staff.pagination import paginate
from webapp.staff.responses import download
from webapp.staff.review_forms import ItemEditForm

NAMES = {"status_names": STATUS_NAMES, "reasons": FLAG_REASONS}


def _taxonomy():
    return current_taxonomy(current_app.config.get("TAXONOMY_DIR"))


@bp.get("/items")
@roles(*BANK)
def items():
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    bench = request.args.get("benchmark", type=db_int)
    q = (request.args.get("q") or "").strip()[:50] or None
    page = paginate(items_query(ItemFilter(status, bench, q)),
                    request.args.get("page", 1, type=int))
    flags = open_flag_counts([item.id for item, _ in page.items])
    args = {k: v for k, v in {"status": status, "benchmark": bench, "q": q}.items() if v}
    return render_template("staff/items.html", page=page, flags=flags, status=status,
                           benchmark=bench, q=q or "", taxonomy=_taxonomy(), args=args,
                           **NAMES)


@bp.get("/items/<int:item_id>")
@roles(*BANK)
def item(item_id):
    found = item_or_404(item_id)
    versions = item_versions(found)
    people = {s.id: s.name for s in db.session.scalars(select(Staff).where(Staff.id.in_(
        {v.reviewed_by_id for v in versions} | {v.published_by_id for v in versions}
        | {v.created_by_id for v in versions})))}
    flags = db.session.execute(flags_query(None, found.id)).all()
    return render_template("staff/item.html", item=found, versions=versions, people=people,
                           flags=flags, transitions=TRANSITIONS, taxonomy=_taxonomy(), **NAMES)


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@roles(*BANK)
def edit_item(item_id):
    found = item_or_404(item_id)
    current = latest_version(found)
    taxonomy = _taxonomy()
    form = ItemEditForm()
    form.set_choices(taxonomy)
    if request.method == "GET":
        form.fill_from(current)
    if form.validate_on_submit():
        try:
            version = save_edit(staff(), found, form.to_draft(found.ref, "draft"), taxonomy,
                                client_ip(), utcnow())
        except ItemEditError as exc:
            db.session.rollback()
            form.stem.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"已保存为第 {version.version} 版（草稿），审核后才会发布。", "ok")
            return redirect(url_for("staff.item", item_id=found.id))
    return render_template("staff/item_edit.html", form=form, item=found, current=current)


@bp.post("/items/<int:item_id>/versions/<int:version>/status")
@roles(*BANK)
def change_item_status(item_id, version):
    found = item_or_404(item_id)
    row = db.first_or_404(select(ItemVersion).where(ItemVersion.item_id == found.id,
                                                    ItemVersion.version == version))
    try:
        move_status(staff(), row, request.form.get("status", ""), client_ip(), utcnow())
    except ItemEditError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"第 {version} 版已改为“{STATUS_NAMES[row.status]}”。", "ok")
    return redirect(url_for("staff.item", item_id=found.id))


@bp.route("/items/import", methods=["GET", "POST"])
@roles(*BANK)
def import_items():
    form = ItemImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        result = import_file(staff(), upload.read(), upload.filename or "items.xlsx",
                             _taxonomy(), client_ip(), utcnow())
        if result.ok:
            db.session.commit()
            flash(f"已导入 {result.created} 道题目（按文件中的状态保存）。", "ok")
            return redirect(url_for("staff.items"))
        db.session.rollback()
    return render_template("staff/items_import.html", form=form, result=result)


@bp.get("/items/template.xlsx")
@roles(*BANK)
def items_template():
    return download((ROOT / "question_bank/templates/题目导入模板.xlsx").read_bytes(),
                    "题目导入模板.xlsx")


@bp.get("/flags")
@roles(*BANK)
def flags():
    status = request.args.get("status", "open")
    status = status if status in ("open", "resolved", "dismissed") else "open"
    page = paginate(flags_query(status), request.args.get("page", 1, type=int))
    return render_template("staff/flags.html", page=page, status=status,
                           form=FlagHandleForm(), **NAMES)


@bp.post("/flags/<int:flag_id>")
@roles(*BANK)
def handle_flag(flag_id):
    flag = flag_or_404(flag_id)
    form = FlagHandleForm()
    if form.validate_on_submit():
        try:
            close_flag(staff(), flag, form.status.data, form.note.data, client_ip(), utcnow())
        except FlagError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash("已处理。", "ok")
    else:
        flash("请选择处理结果。", "error")
    return redirect(request.form.get("back") == "item" and
                    url_for("staff.item", item_id=flag.item_id) or url_for("staff.flags"))
