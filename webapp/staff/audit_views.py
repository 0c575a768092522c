"""The audit log for the city admin: read and filter, never edit."""

from __future__ import annotations

import json

from flask import render_template

from webapp.models.staff import ROLE_NAMES
from webapp.services.audit import ACTION_NAMES, events_query
from webapp.staff import bp
from webapp.staff.access import roles
from webapp.staff.filters import AuditFilterForm
from webapp.staff.pagination import paginate


@bp.get("/audit")
@roles("city_admin")
def audit_log():
    filters = AuditFilterForm.from_args()
    page = paginate(events_query(filters.to_filter()), filters.page_number)
    return render_template("staff/audit.html", filters=filters, page=page,
                           rows=list(page.items), action_names=ACTION_NAMES,
                           role_names=ROLE_NAMES)


@bp.app_template_filter("pretty_json")
def pretty_json(value) -> str:
    """Before/after values as readable JSON, Chinese left as it is (Jinja escapes it)."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
