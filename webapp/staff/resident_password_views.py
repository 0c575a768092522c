"""Resetting a resident's forgotten password, for staff who meet the resident in person."""

from __future__ import annotations

from flask import render_template

from webapp.extensions import db
from webapp.models import Division
from webapp.models.base import utcnow
from webapp.services.divisions import short_village_name
from webapp.services.resident_passwords import NOT_FOUND, reset_password, resident_to_reset
from webapp.staff import bp
from webapp.staff.access import PEOPLE, client_ip, roles, scope, staff
from webapp.staff.resident_forms import ResidentPasswordResetForm
from webapp.staff.responses import no_store


@bp.route("/residents/password", methods=["GET", "POST"])
@roles(*PEOPLE)
def resident_password():
    form = ResidentPasswordResetForm()
    if form.validate_on_submit():
        resident = resident_to_reset(staff(), scope(), form.phone.data)
        if resident is None:
            form.phone.errors.append(NOT_FOUND)
        else:
            password = reset_password(staff(), resident, client_ip(), utcnow())
            village = db.session.get(Division, resident.village_code or "")
            village_name = short_village_name(village.name) if village else None
            db.session.commit()
            return no_store(render_template("staff/resident_password_done.html",
                                            resident=resident, password=password,
                                            village_name=village_name))
    return render_template("staff/resident_password.html", form=form)
