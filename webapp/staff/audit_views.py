"""The audit log for the city admin: read and filter, never edit."""

from __future__ import annotations

import json

from flask import render_template

from webapp.formatting import mask_phone
from webapp.models.staff import ROLE_NAMES
from webapp.services.audit import ACTION_NAMES, division_codes, events_query, object_label
from webapp.services.divisions import by_codes
from webapp.staff import bp
from webapp.staff.access import roles
from webapp.staff.filters import AuditFilterForm
from webapp.staff.pagination import paginate


@bp.get("/audit")
@roles("city_admin")
def audit_log():
    filters = AuditFilterForm.from_args()
    page = paginate(events_query(filters.to_filter()), filters.page_number)
    rows = list(page.items)
    places = by_codes(division_codes([row[0] for row in rows]))
    return render_template("staff/audit.html", filters=filters, page=page, rows=rows,
                           action_names=ACTION_NAMES, role_names=ROLE_NAMES,
                           place_names={code: d.name for code, d in places.items()},
                           object_label=object_label)


@bp.app_template_filter("pretty_json")
def pretty_json(value) -> str:
    """Before/after values as readable JSON, Chinese left as it is (Jinja escapes it), phone
    numbers masked: the log keeps them whole, but reading the log is not revealing a number."""
    return json.dumps(_masked(value), ensure_ascii=False, indent=1, sort_keys=True)


def _masked(value, key: str = ""):
    if isinstance(value, dict):
        return {k: _masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v, key) for v in value]
    if "phone" in key and isinstance(value, str):
        return mask_phone(value)
    return value
