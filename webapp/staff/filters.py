"""Query-string filters of the staff lists, validated like forms (bad values are ignored)."""

from __future__ import annotations

from flask import request
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from webapp.models.audit import ACTIONS
from webapp.security import MAX_URL_INT
from webapp.services.audit import ACTION_NAMES, AuditFilter
from webapp.services.ledger_lists import SOURCE_NAMES, STATUS_NAMES, LedgerFilter
from webapp.services.roster_rows import GROUP_NAMES
from webapp.services.rosters import RosterFilter
from webapp.services.scope import area_choices
from webapp.staff.access import scope
from webapp.staff.forms import StaffForm, options

ANY = [("", "全部")]



class _QueryForm(StaffForm):
    class Meta:
        csrf = False

    page = IntegerField(validators=[Optional(), NumberRange(1, 100_000)], default=1)

    @classmethod
    def from_args(cls, **kwargs):
        """Bind to ``request.args``; fields that fail validation fall back to empty."""
        form = cls(formdata=request.args, **kwargs)
        form.fill_choices()
        if not form.validate():
            for field in form:
                if field.errors:
                    field.data, field.errors = field.default, []
        return form

    def fill_choices(self) -> None:
        pass

    @property
    def page_number(self) -> int:
        return self.page.data or 1

    def args(self) -> dict[str, str]:
        """The filter as query arguments (for pagination links and exports)."""
        return {f.name: request.args[f.name] for f in self
                if f.name != "page" and request.args.get(f.name) and not f.errors}


class _AreaForm(_QueryForm):
    area = SelectField("地区", default="")
    key_group = SelectField("人群类别", choices=options([*ANY, *GROUP_NAMES.items()]),
                            default="")
    q = StringField("姓名或手机尾号", validators=[Optional(), Length(max=30)])

    def fill_choices(self) -> None:
        self.area.choices = options(ANY + area_choices(scope()))


class RosterFilterForm(_AreaForm):
    in_ledger = SelectField("是否在台账",
                            choices=options([*ANY, ("yes", "在台账"), ("no", "不在台账")]),
                            default="")
    listed = SelectField("名单", choices=options([("", "在册人员"), ("removed", "已移出的人员")]),
                         default="")

    def to_filter(self) -> RosterFilter:
        ledger = {"yes": True, "no": False}.get(self.in_ledger.data)
        return RosterFilter(area=self.area.data or None, key_group=self.key_group.data or None,
                            in_ledger=ledger, q=self.q.data or None,
                            removed=self.listed.data == "removed")


class LedgerFilterForm(_AreaForm):
    source = SelectField("测评方式", choices=options([*ANY, *SOURCE_NAMES.items()]), default="")
    status = SelectField("状态", choices=options([*STATUS_NAMES.items(), ("all", "全部")]),
                         default="active")
    since = DateField("测评日期从", validators=[Optional()])
    until = DateField("到", validators=[Optional()])
    check = SelectField("核对", choices=options([*ANY, ("same_person", "疑似同一人重复")]),
                        default="")

    def to_filter(self) -> LedgerFilter:
        return LedgerFilter(area=self.area.data or None, key_group=self.key_group.data or None,
                            source=self.source.data or None,
                            status=None if self.status.data == "all" else self.status.data,
                            since=self.since.data, until=self.until.data, q=self.q.data or None,
                            same_person=self.check.data == "same_person")


class AuditFilterForm(_QueryForm):
    action = SelectField("操作", choices=options([*ANY, *((a, ACTION_NAMES[a]) for a in ACTIONS)]),
                         default="")
    staff_id = IntegerField("工作人员编号", validators=[Optional(), NumberRange(1, MAX_URL_INT)])
    division = StringField("区划代码（含下级）", validators=[Optional(), Length(max=12)])
    since = DateField("日期从", validators=[Optional()])
    until = DateField("到", validators=[Optional()])

    def to_filter(self) -> AuditFilter:
        return AuditFilter(action=self.action.data or None, staff_id=self.staff_id.data,
                           division_prefix=self.division.data or None,
                           since=self.since.data, until=self.until.data)
