"""Forms for residents' sign-up, sign-in and profile."""

from functools import lru_cache

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import get_translations
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
)

from scoring.people import EDUCATIONS, SEXES
from webapp.services.birth_years import YOUNGEST_ACCOUNT_AGE
from webapp.validators import PHONE, BirthYear, PhoneField, WholeNumberField

#: occupation asked in plain words; codes are the glossary's groups.
OCCUPATION_CHOICES = [
    SelectChoice("farmer", "种地、养殖等农业生产"),
    SelectChoice("worker", "在工厂、工地、矿山等上班"),
    SelectChoice("cadre", "机关、事业单位干部或公务员"),
    SelectChoice("other", "其他（学生、做生意、退休等）"),
]
BIRTH_YEAR_MESSAGE = "请填写四位数字的出生年份，例如 1965"
PASSWORD_MAX = Length(max=64, message="密码最多 64 位")
NEW_PASSWORD_MAX = Length(max=64, message="新密码最多 64 位")
CONSENT_LABEL = "我已阅读并同意《个人信息保护说明》"
CONSENT_REQUIRED = "请先阅读并同意个人信息保护说明"


@lru_cache(maxsize=1)
def _chinese():
    return get_translations(["zh"])


class ResidentForm(FlaskForm):
    """Base of the residents' forms: WTForms' own messages (not a valid choice...) in Chinese."""

    class Meta:
        def get_translations(self, form):
            return _chinese()


class ResidentRegisterForm(ResidentForm):
    phone = PhoneField("手机号", validators=[DataRequired("请填写手机号"), PHONE])
    password = PasswordField(
        "设置密码",
        description="至少 6 位，记得住就行",
        validators=[DataRequired("请设置密码"), Length(min=6, message="密码至少 6 位"),
                    PASSWORD_MAX],
    )
    confirm = PasswordField(
        "再输一次密码",
        validators=[
            DataRequired("请再输一次密码"),
            PASSWORD_MAX,
            EqualTo("password", message="两次输入的密码不一样"),
        ],
    )
    consent = BooleanField(CONSENT_LABEL, validators=[DataRequired(CONSENT_REQUIRED)])


class ResidentLoginForm(ResidentForm):
    phone = PhoneField("手机号", validators=[DataRequired("请填写手机号"), PHONE])
    password = PasswordField("密码", validators=[DataRequired("请填写密码")])


class ProfileForm(ResidentForm):
    """The profile; ``consent`` is asked of a resident who has not consented yet (signed in by
    WeChat) and removed by the view otherwise."""

    county = SelectField("所在县（市、区）", validate_choice=False)
    township = SelectField("所在乡镇（街道）", validate_choice=False)
    village_code = SelectField("所在村（社区）", validate_choice=False)
    sex = RadioField(
        "性别",
        choices=[SelectChoice(k, v) for k, v in SEXES.items()],
        validators=[InputRequired("请选择性别")],
    )
    birth_year = WholeNumberField(  # "1965年", "六五年": one plain message
        "出生年份",
        message=BIRTH_YEAR_MESSAGE,
        description="例如 1965",
        validators=[
            InputRequired("请填写出生年份"),
            BirthYear(youngest_age=YOUNGEST_ACCOUNT_AGE),
        ],
    )
    education = RadioField(
        "文化程度",
        choices=[SelectChoice(k, v) for k, v in EDUCATIONS.items()],
        validators=[InputRequired("请选择文化程度")],
    )
    occupation = RadioField(
        "您主要做什么工作", choices=OCCUPATION_CHOICES, validators=[InputRequired("请选择职业")]
    )
    consent = BooleanField(CONSENT_LABEL, validators=[DataRequired(CONSENT_REQUIRED)])


class ResidentPasswordForm(ResidentForm):
    """A signed-in resident changes their password (after a staff reset, for one)."""

    current = PasswordField("现在的密码", validators=[DataRequired("请填写现在的密码")])
    new = PasswordField(
        "新密码",
        description="至少 6 位，记得住就行",
        validators=[DataRequired("请填写新密码"), Length(min=6, message="新密码至少 6 位"),
                    NEW_PASSWORD_MAX],
    )
    confirm = PasswordField("再输一次新密码", validators=[
        DataRequired("请再输一次新密码"), NEW_PASSWORD_MAX,
        EqualTo("new", message="两次输入的新密码不一样")])
