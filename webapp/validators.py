"""Form validators shared by the residents' and the staff forms."""

from __future__ import annotations

import re
import unicodedata

from wtforms.validators import ValidationError

from webapp.models.base import utcnow
from webapp.services.birth_years import OLDEST_AGE, is_plausible_birth_year
from webapp.services.clock import china_day

#: what people type between the digits of a phone number: spaces and dashes
_PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]")
_PLAIN_PHONE = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})")


def phone_digits(value):
    """A WTForms filter for phone fields: "138 0013 8000", "138-0013-8000", full-width digits
    and a +86 / 86 prefix become the 11 plain digits; anything else is left for the
    validator to refuse as typed."""
    if not isinstance(value, str):
        return value
    plain = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    found = _PLAIN_PHONE.fullmatch(plain)
    return found.group(1) if found else value.strip()


class BirthYear:
    """A year from OLDEST_AGE years ago up to this year (China time), checked at
    validation, so the form keeps working after New Year without a code change."""

    def __call__(self, form, field) -> None:
        this_year = china_day(utcnow()).year
        if not is_plausible_birth_year(field.data, this_year):
            raise ValidationError(
                f"出生年份应在 {this_year - OLDEST_AGE}–{this_year} 年之间，例如 1965")
