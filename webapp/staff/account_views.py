"""Staff accounts: a higher level creates, resets and disables accounts below it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from webapp.extensions import db
from webapp.models import Division
from webapp.models.base import utcnow
from webapp.models.division import LEVEL_NAMES
from webapp.models.staff import ROLE_NAMES
from webapp.services.staff import StaffError
from webapp.services.staff_accounts import (
    CREATABLE_ROLES,
    accounts_query,
    create_account,
    reset_password,
    set_active,
)
from webapp.staff import bp
from webapp.staff.access import ACCOUNT_MANAGERS, account_or_404, client_ip, roles, scope, staff
from webapp.staff.forms import AccountCreateForm
from webapp.staff.pagination import paginate
from webapp.staff.responses import no_store

LEVEL_ORDER = ("city", "county", "township", "village")
ROLE_LEVELS = {"city_admin": "city", "county_admin": "county", "township_staff": "township",
               "village_staff": "village", "reviewer": "city"}


def _division_choices(creatable: tuple[str, ...]) -> list[SelectChoice]:
    """The divisions an account may belong to, grouped under the divisions above them (city
    staff choose among about 2,200) and marked with their level, which staff.js uses to offer
    only those that fit the chosen role and to find one by typing."""
    levels = {ROLE_LEVELS[r] for r in creatable}
    rows = sorted(db.session.scalars(select(Division).where(scope().where(Division.code))),
                  key=lambda d: (LEVEL_ORDER.index(d.level), d.code))
    by_code = {d.code: d for d in rows}

    def above(d: Division) -> str | None:
        names = []
        while d.parent_code in by_code and by_code[d.parent_code].level != "city":
            d = by_code[d.parent_code]
            names.append(d.name)
        return " · ".join(reversed(names)) or None

    return [SelectChoice("", "请选择所属区划")] + [
        SelectChoice(d.code, f"{d.name}（{LEVEL_NAMES[d.level]}，{d.code}）",
                     render_kw={"data-level": d.level}, optgroup=above(d))
        for d in rows if d.level in levels]


def _manageable(target) -> None:
    if target.role not in CREATABLE_ROLES[staff().role] or target.id == staff().id:
        abort(403)


@bp.get("/accounts")
@roles(*ACCOUNT_MANAGERS)
def accounts():
    page = paginate(accounts_query(staff(), scope()), request.args.get("page", 1, type=int),
                    scalars=True)
    return render_template("staff/accounts.html", page=page, role_names=ROLE_NAMES,
                           creatable=CREATABLE_ROLES[staff().role])


@bp.route("/accounts/new", methods=["GET", "POST"])
@roles(*ACCOUNT_MANAGERS)
def new_account():
    creatable = CREATABLE_ROLES[staff().role]
    form = AccountCreateForm()
    form.set_choices(creatable, _division_choices(creatable), ROLE_LEVELS)
    if form.validate_on_submit():
        try:
            account, password = create_account(staff(), scope(), form.data, client_ip(),
                                                utcnow())
        except StaffError as exc:
            getattr(form, exc.field, form.phone).errors.append(str(exc))
        else:
            db.session.commit()
            return no_store(render_template("staff/account_password.html", account=account,
                                            password=password, role_names=ROLE_NAMES))
    return render_template("staff/account_new.html", form=form)


@bp.get("/accounts/<int:account_id>")
@roles(*ACCOUNT_MANAGERS)
def account(account_id):
    target = account_or_404(account_id)
    manageable = target.role in CREATABLE_ROLES[staff().role] and target.id != staff().id
    return render_template("staff/account.html", account=target, role_names=ROLE_NAMES,
                           division=db.session.get(Division, target.division_code),
                           manageable=manageable)


@bp.post("/accounts/<int:account_id>/reset")
@roles(*ACCOUNT_MANAGERS)
def reset_account_password(account_id):
    target = account_or_404(account_id)
    _manageable(target)
    password = reset_password(staff(), target, client_ip(), utcnow())
    db.session.commit()
    return no_store(render_template("staff/account_password.html", account=target,
                                    password=password, role_names=ROLE_NAMES))


@bp.post("/accounts/<int:account_id>/active")
@roles(*ACCOUNT_MANAGERS)
def set_account_active(account_id):
    target = account_or_404(account_id)
    _manageable(target)
    active = request.form.get("active") == "1"
    try:
        set_active(staff(), target, active, client_ip(), utcnow())
    except StaffError as exc:
        flash(str(exc), "error")
        return redirect(url_for("staff.account", account_id=account_id))
    db.session.commit()
    flash("账号已启用。" if active else "账号已停用。", "ok")
    return redirect(url_for("staff.account", account_id=account_id))
