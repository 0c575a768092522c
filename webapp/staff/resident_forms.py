"""The staff form for resetting a resident's forgotten password."""

from __future__ import annotations

from wtforms import BooleanField
from wtforms.validators import DataRequired

from webapp.staff.forms import StaffForm
from webapp.validators import PHONE, PhoneField


class ResidentPasswordResetForm(StaffForm):
    phone = PhoneField("居民注册用的手机号", validators=[DataRequired("请填写手机号"), PHONE])
    identity_checked = BooleanField(
        "我已当面核实，来办理的是这个手机号的注册人本人",
        validators=[DataRequired("请先当面核实是本人，再勾选这一项")])
