"""Form validators shared by the residents' and the staff forms."""

from __future__ import annotations

from wtforms.validators import ValidationError

from webapp.models.base import utcnow
from webapp.services.birth_years import is_plausible_birth_year
from webapp.services.clock import china_day


class BirthYear:
    """A year from OLDEST_AGE years ago up to this year (China time), checked at
    validation, so the form keeps working after New Year without a code change."""

    def __init__(self, message: str = "出生年份不对，请填写四位数年份，例如 1965") -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if not is_plausible_birth_year(field.data, china_day(utcnow()).year):
            raise ValidationError(self.message)
