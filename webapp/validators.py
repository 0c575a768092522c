"""Form validators shared by the residents' and the staff forms."""

from __future__ import annotations

from wtforms.validators import ValidationError

from webapp.models.base import utcnow
from webapp.services.clock import china_day

EARLIEST_BIRTH_YEAR = 1900


class BirthYear:
    """A four-digit year from 1900 up to this year (China time), checked at validation, so the
    form keeps working after New Year without a code change."""

    def __init__(self, message: str = "出生年份不对，请填写四位数年份，例如 1965") -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data is None or not EARLIEST_BIRTH_YEAR <= field.data <= china_day(utcnow()).year:
            raise ValidationError(self.message)
