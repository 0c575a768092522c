"""Forms of the staff pages: shape only (required, ranges, choices); rules live in services."""

from __future__ import annotations

from functools import lru_cache

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import get_translations
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from scoring.people import EDUCATIONS, SEXES
from webapp.models.competition import MAX_ITEMS, MAX_MINUTES, MIN_ITEMS
from webapp.models.staff import ROLE_NAMES
from webapp.services.roster_removal import REASON_NAMES as REMOVAL_REASON_NAMES
from webapp.services.roster_rows import GROUP_NAMES
from webapp.services.sampling import ALLOCATION_NAMES, STATUS_NAMES
from webapp.validators import PHONE, BirthYear, CountField, PhoneField, WholeNumberField


@lru_cache(maxsize=1)
def _chinese():
    return get_translations(["zh"])


class StaffForm(FlaskForm):
    """Base of the staff forms: WTForms' own messages (not a valid choice...) in Chinese."""

    class Meta:
        def get_translations(self, form):
            return _chinese()


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


TABLE_FILE = [FileRequired("请选择文件"), FileAllowed(["xlsx", "csv"], "只支持 .xlsx 或 .csv 文件")]


class StaffLoginForm(StaffForm):
    phone = PhoneField("手机号", validators=[DataRequired("请填写手机号"), PHONE])
    password = PasswordField("密码", validators=[DataRequired("请填写密码")])


NEW_PASSWORD_MAX = Length(max=64, message="新密码最多 64 位")


class PasswordChangeForm(StaffForm):
    current = PasswordField("当前密码", validators=[DataRequired("请填写当前密码")])
    new = PasswordField("新密码", description="至少 8 位，字母和数字都要有",
                        validators=[DataRequired("请填写新密码"),
                                    Length(min=8, message="新密码至少 8 位"), NEW_PASSWORD_MAX])
    confirm = PasswordField("再输一次新密码", validators=[
        DataRequired("请再输一次"), NEW_PASSWORD_MAX,
        EqualTo("new", message="两次输入的新密码不一样")])


class AccountCreateForm(StaffForm):
    role = SelectField("角色", validators=[DataRequired("请选择角色")])
    division_code = SelectField("所属区划", description="账号只能看到这个区划及其下级的数据",
                                validators=[DataRequired("请选择所属区划")],
                                render_kw={"data-find": "division-find",
                                           "data-level-from": "role"})
    name = StringField("姓名", validators=[DataRequired("请填写姓名"), Length(max=50)])
    phone = PhoneField("登录手机号", validators=[DataRequired("请填写手机号"), PHONE])

    def set_choices(self, roles: tuple[str, ...], divisions: list[SelectChoice],
                    role_levels: dict[str, str]) -> None:
        self.role.choices = [SelectChoice(r, ROLE_NAMES[r], render_kw={
            "data-level": role_levels[r]}) for r in roles]
        self.division_code.choices = divisions


class RosterImportForm(StaffForm):
    file = FileField("花名册文件", description="Excel（.xlsx）或 CSV，第一行为表头",
                     validators=TABLE_FILE)


class RosterEntryForm(StaffForm):
    name = StringField("姓名", validators=[DataRequired("请填写姓名"), Length(max=50)])
    sex = RadioField("性别", choices=options(SEXES.items()),
                     validators=[InputRequired("请选择性别")])
    birth_year = WholeNumberField("出生年份", message="请填写四位数字的出生年份，例如 1965",
                                  validators=[InputRequired("请填写出生年份"), BirthYear()])
    phone = PhoneField("手机号", description="不填则保留原号码",
                       validators=[Optional(), PHONE])
    education = SelectField("文化程度", choices=options([("", "未填"), *EDUCATIONS.items()]))
    key_group = SelectField("人群类别", choices=options(GROUP_NAMES.items()))


class RosterRemovalForm(StaffForm):
    reason = SelectField("移出原因",
                         choices=options([("", "请选择"), *REMOVAL_REASON_NAMES.items()]),
                         validators=[DataRequired("请选择移出原因")])
    note = StringField("说明", description="选“其他原因”时必填，例如“外出务工，户口已迁出”",
                       validators=[Optional(), Length(max=200, message="说明最多 200 字")])


SCORE_MESSAGE = "得分请填写 0 到 100 之间的整数"


class OfflineEntryForm(StaffForm):
    score = WholeNumberField("得分", message=SCORE_MESSAGE,
                             description="线下纸质测评的得分（百分制）",
                             validators=[InputRequired("请填写得分"),
                                         NumberRange(0, 100, SCORE_MESSAGE)])
    assessed_on = DateField("测评日期", validators=[InputRequired("请填写测评日期")])
    examiner = StringField("监考/阅卷人", validators=[DataRequired("请填写监考或阅卷人"),
                                                  Length(max=50)])
    evidence_note = TextAreaField("证明材料说明",
                                  description="如：纸质试卷存放于村委会档案柜第 3 格",
                                  validators=[DataRequired("请说明证明材料"), Length(max=1000)])


class RevokeForm(StaffForm):
    reason = StringField("撤销原因", validators=[DataRequired("请填写撤销原因"), Length(max=300)])


class CancelCompetitionForm(StaffForm):
    reason = StringField("取消原因（参赛居民会看到）", validators=[
        DataRequired("请写明取消的原因（参赛居民会看到）"),
        Length(max=200, message="原因不超过 200 个字")])


class PopulationForm(StaffForm):
    adult_population = CountField("成年人口（18 岁及以上）", validators=[
        Optional(), NumberRange(1, 10_000_000, "请填写 1 到 10000000 之间的整数")])


class SampleForm(StaffForm):
    name = StringField("样本名称", validators=[DataRequired("请填写名称"), Length(max=100)])
    year = WholeNumberField("监测年份", message="监测年份请填写今年或明年的四位数年份",
                            description="今年或明年", validators=[InputRequired("请填写年份")])
    size = WholeNumberField("样本量", message="样本量请填写 1–100000 之间的整数",
                            validators=[InputRequired("请填写样本量"),
                                        NumberRange(1, 100_000, "样本量应在 1–100000 人之间")])
    allocation = RadioField("各层样本量", choices=options(ALLOCATION_NAMES.items()),
                            default="proportional")
    by_group = BooleanField("同时按人群类别分层")
    seed = WholeNumberField("随机种子", message="种子应为非负整数",
                            description="不填则自动生成并记录；填同一个种子可重现抽样",
                            validators=[Optional(), NumberRange(0, 2**31 - 1, "种子应为非负整数")])


class MemberStatusForm(StaffForm):
    status = SelectField("状态", choices=options(STATUS_NAMES.items()))


class ItemImportForm(StaffForm):
    file = FileField("题目文件", description="使用题目导入模板（与命令行 flask bank import 相同）",
                     validators=TABLE_FILE)


class FlagHandleForm(StaffForm):
    status = RadioField("处理结果",
                        choices=options([("resolved", "已修改题目"),
                                         ("dismissed", "题目没有问题")]),
                        validators=[InputRequired("请选择处理结果")])
    note = StringField("说明", validators=[Length(max=500)])


class CompetitionTextAndWindow(StaffForm):
    """What an organiser sets when creating a competition and may still correct until it ends."""

    title = StringField("竞赛名称", validators=[DataRequired("请填写竞赛名称"),
                                            Length(max=60, message="名称不超过 60 个字")])
    description = TextAreaField("说明（居民能看到）", validators=[
        Optional(), Length(max=500, message="说明不超过 500 个字")])
    starts_at = DateTimeLocalField("开始时间（北京时间）", format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired("请填写开始时间")])
    ends_at = DateTimeLocalField("结束时间（北京时间）", format="%Y-%m-%dT%H:%M",
                                 validators=[InputRequired("请填写结束时间")])


class CompetitionForm(CompetitionTextAndWindow):
    division_code = SelectField("参赛范围（哪里的居民可以参加）", choices=[])
    area = SelectField("题目主题", choices=[])
    item_count = WholeNumberField(
        "题数", default=20, message=f"题数请填写 {MIN_ITEMS} 到 {MAX_ITEMS} 之间的整数",
        validators=[InputRequired("请填写题数"), NumberRange(
            MIN_ITEMS, MAX_ITEMS, f"题数应在 {MIN_ITEMS} 到 {MAX_ITEMS} 之间")])
    minutes = WholeNumberField(
        "每人限时（分钟）", default=15, message=f"限时请填写 1 到 {MAX_MINUTES} 之间的整数（分钟）",
        validators=[InputRequired("请填写限时"),
                    NumberRange(1, MAX_MINUTES, f"限时应在 1 到 {MAX_MINUTES} 分钟之间")])
    units_text = TextAreaField(
        "参赛单位（可不填）",
        description="每行一个，如学校、企业、机关。填了以后，参赛者开始答题前必须选自己的单位，"
                    "可以按单位比较参赛人数和成绩。不属于这些单位的居民（如农民、退休老人）"
                    "可以选自动加上的“其他（不属于以上单位）”。",
        validators=[Optional(), Length(max=10_000, message="单位名单太长")])

    def set_choices(self, divisions: list[tuple[str, str]], areas: list[tuple[str, str]]) -> None:
        self.division_code.choices = options(divisions)
        self.area.choices = options([("", "不限主题（覆盖各条基准）"), *areas])


class CompetitionEditForm(CompetitionTextAndWindow):
    new_units_text = TextAreaField(
        "追加参赛单位（可不填）", description="每行一个。已有的单位不能删除或改名。",
        validators=[Optional(), Length(max=10_000, message="单位名单太长")])
