"""Form validators shared by the residents' and the staff forms."""

from __future__ import annotations

import re
import unicodedata

from wtforms import IntegerField, StringField
from wtforms.validators import Regexp, StopValidation, ValidationError

from webapp.models.base import utcnow
from webapp.services.birth_years import OLDEST_AGE, is_plausible_birth_year
from webapp.services.clock import china_day
from webapp.services.phones import PHONE_RE, plain_phone

PHONE = Regexp(PHONE_RE, message="请填写正确的 11 位手机号")
#: digits, or digits in groups of three between commas (25,000; not 25,00)
_WHOLE_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")


def phone_digits(value):
    """A WTForms filter for phone fields (see :func:`plain_phone`)."""
    return plain_phone(value) if isinstance(value, str) else value


class PhoneField(StringField):
    """A phone number as people type it (spaces, full-width digits, +86), kept as 11 digits
    before the validators (give them :data:`PHONE`) see it."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, filters=(phone_digits,), **kwargs)


class _OneMessageNumberField(IntegerField):
    """A number field whose unreadable text gets its own message alone: the field's range
    check would only add one about the empty value."""

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()


class WholeNumberField(_OneMessageNumberField):
    """An integer typed as digits; anything else ("70.5", "七十") gets ``message`` alone, instead
    of WTForms' "不是有效的整数" followed by the range check's message about the empty value."""

    def __init__(self, label=None, validators=None, *, message: str, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.not_a_number = message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.not_a_number) from exc


def whole_number(text: str) -> int | None:
    """A whole number as people write it: "25,000", "25 000", full-width "２５，０００"; None
    when the text is not one (e.g. "两万", "-5", "2.5")."""
    plain = "".join(unicodedata.normalize("NFKC", text).split())
    return int(plain.replace(",", "")) if _WHOLE_NUMBER.fullmatch(plain) else None


class CountField(_OneMessageNumberField):
    """A number of people as typed (see :func:`whole_number`). Text that is not one gets a
    single message quoting it, and the field's validators do not add theirs."""

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None  # empty: for Optional() or InputRequired() to judge
            return
        self.data = whole_number(valuelist[0])
        if self.data is None:
            typed = valuelist[0].strip()
            typed = typed if len(typed) <= 20 else f"{typed[:20]}…"
            raise ValueError(f"“{typed}”不是正整数，请用阿拉伯数字填写，如 25000")


class BirthYear:
    """A year from OLDEST_AGE years ago up to ``youngest_age`` years ago (China time), checked
    at validation, so the form keeps working after New Year without a code change."""

    def __init__(self, youngest_age: int = 0) -> None:
        self.youngest_age = youngest_age

    def __call__(self, form, field) -> None:
        this_year = china_day(utcnow()).year
        if not is_plausible_birth_year(field.data, this_year, self.youngest_age):
            rule = f"（年满 {self.youngest_age} 周岁才能注册）" if self.youngest_age else ""
            raise ValidationError(f"出生年份应在 {this_year - OLDEST_AGE}–"
                                  f"{this_year - self.youngest_age} 年之间{rule}，例如 1965")
