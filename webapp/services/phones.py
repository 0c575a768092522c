"""Phone numbers as people type them: spaces, dashes, full-width digits, +86 in front."""

from __future__ import annotations

import re
import unicodedata

#: a mainland mobile number: 11 ASCII digits from 13…19 (``\d`` would take other scripts' digits)
_MOBILE = r"1[3-9][0-9]{9}"
PHONE_RE = re.compile(rf"^{_MOBILE}$")
#: what people type between the digits of a phone number: spaces and dashes
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]")
_PLAIN_PHONE = re.compile(rf"(?:\+86|0086|86)?({_MOBILE})")


def plain_phone(text: str) -> str:
    """"138 0013 8000", "138-0013-8000", full-width digits and a +86 / 86 / 0086 prefix become
    the 11 plain digits; anything else comes back stripped, for the caller to refuse as typed."""
    plain = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    found = _PLAIN_PHONE.fullmatch(plain)
    return found.group(1) if found else text.strip()
