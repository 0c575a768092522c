"""The item edit form of the review pages; it builds an :class:`ItemDraft`, the bank checks it."""

from __future__ import annotations

from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from question_bank.taxonomy import Taxonomy
from question_bank.types import ITEM_TYPES, TRUE_FALSE_OPTIONS, ItemDraft, key_from_text
from webapp.models import ItemVersion
from webapp.staff.forms import StaffForm, options
from webapp.validators import WholeNumberField


class ItemEditForm(StaffForm):
    type = SelectField("题型", choices=options((c, t.name) for c, t in ITEM_TYPES.items()))
    stem = TextAreaField("题干", validators=[DataRequired("请填写题干"), Length(max=500)])
    option_a = StringField("选项A", validators=[Length(max=200)])
    option_b = StringField("选项B", validators=[Length(max=200)])
    option_c = StringField("选项C", validators=[Length(max=200)])
    option_d = StringField("选项D", validators=[Length(max=200)])
    option_e = StringField("选项E", validators=[Length(max=200)])
    option_f = StringField("选项F", validators=[Length(max=200)])
    key = StringField("答案", description="选项字母，如 B 或 ACD；判断题填 A（对）或 B（错）",
                      validators=[DataRequired("请填写答案"), Length(max=6)])
    explanation = TextAreaField("解析", validators=[DataRequired("请填写解析"),
                                                   Length(max=2000)])
    benchmark = SelectField("基准", coerce=int)
    point = WholeNumberField("基准点", message="基准点请填写 1–132 之间的整数",
                             validators=[Optional(), NumberRange(1, 132, "基准点为 1–132")])
    dimension = SelectField("维度")
    areas = SelectMultipleField("专题", validators=[DataRequired("至少选一个专题")])
    groups = SelectMultipleField("重点人群")
    difficulty = WholeNumberField("难度", message="难度请填写 1–5 之间的整数",
                                  validators=[InputRequired("请填写难度"),
                                              NumberRange(1, 5, "难度为 1–5")])
    source = StringField("来源", validators=[Length(max=300)])

    OPTION_FIELDS = ("option_a", "option_b", "option_c", "option_d", "option_e", "option_f")

    def set_choices(self, taxonomy: Taxonomy) -> None:
        self.benchmark.choices = options((n, f"{n} {b.title}")
                                         for n, b in taxonomy.benchmarks.items())
        self.dimension.choices = options((c, d.name) for c, d in taxonomy.dimensions.items())
        self.areas.choices = options(taxonomy.areas.items())
        self.groups.choices = options(taxonomy.groups.items())

    def fill_from(self, version: ItemVersion) -> None:
        for name, field in self._fields.items():
            if hasattr(version, name) and name != "csrf_token":
                field.data = getattr(version, name)
        for name, text in zip(self.OPTION_FIELDS, version.options, strict=False):
            self[name].data = text

    def to_draft(self, ref: str | None, status: str) -> ItemDraft:
        options = [self[n].data.strip() for n in self.OPTION_FIELDS if (self[n].data or "").strip()]
        if self.type.data == "true_false":
            options = list(TRUE_FALSE_OPTIONS)
        return ItemDraft(type=self.type.data, stem=self.stem.data, options=options,
                         key=key_from_text(self.key.data or ""),
                         explanation=self.explanation.data, benchmark=self.benchmark.data,
                         dimension=self.dimension.data, areas=list(self.areas.data),
                         groups=list(self.groups.data or []), point=self.point.data,
                         difficulty=self.difficulty.data, source=self.source.data or "",
                         status=status, ref=ref)
