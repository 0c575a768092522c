"""County → township → village choices for the profile form, one level at a time, so the
form works without JavaScript (a "下一步" button re-renders with the next level)."""

from __future__ import annotations

from flask import current_app
from wtforms.fields.choices import SelectChoice

from webapp.models import Resident
from webapp.services.divisions import children, short_village_name


def fill_division_choices(form, resident: Resident) -> None:
    city = current_app.config["CITY_CODE"]
    county = form.county.data or resident.county_code
    township = form.township.data or resident.township_code
    counties = children(city, "county")
    form.county.choices = [SelectChoice("", "请选择")] + [
        SelectChoice(d.code, d.name) for d in counties
    ]
    form.county.data = county if any(d.code == county for d in counties) else ""
    townships = children(form.county.data, "township") if form.county.data else []
    form.township.choices = [SelectChoice("", "请选择")] + [
        SelectChoice(d.code, d.name) for d in townships
    ]
    form.township.data = township if any(d.code == township for d in townships) else ""
    villages = children(form.township.data, "village") if form.township.data else []
    form.village_code.choices = [SelectChoice("", "请选择")] + [
        SelectChoice(d.code, short_village_name(d.name)) for d in villages
    ]
    village = form.village_code.data or resident.village_code
    form.village_code.data = village if any(d.code == village for d in villages) else ""
