"""Whether a staff password is too easy to guess. Staff accounts see residents' names and can
reveal full phone numbers, so a password must mix letters and digits and must not be a run,
a repeat, a common password or the account's own phone number."""

from __future__ import annotations

MIN_STAFF_PASSWORD = 8

#: lower-cased passwords that pass the letters-and-digits rule but head every guessing list.
COMMON = frozenset({
    "abc12345", "abcd1234", "a1234567", "a12345678", "a123456789", "1234abcd", "12345abc",
    "1qaz2wsx", "1q2w3e4r", "q1w2e3r4", "qwer1234", "qwe12345", "asdf1234", "zxcv1234",
    "password1", "passw0rd", "p@ssw0rd", "admin123", "admin888", "admin1234", "root1234",
    "woaini1314", "woaini520", "aa123456", "qq123456", "abc123456", "test1234", "user1234",
})


def _is_run(text: str) -> bool:
    """Every character one up or one down from the previous (12345678, abcdefgh, 87654321)."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return len(steps) == 1 and steps <= {1, -1}


def staff_password_problem(password: str, phone: str | None = None) -> str | None:
    """None when the password will do; otherwise why not, in Chinese, for the form."""
    if len(password) < MIN_STAFF_PASSWORD:
        return f"新密码至少 {MIN_STAFF_PASSWORD} 位"
    lowered = password.lower()
    if len(set(lowered)) <= 2 or _is_run(lowered):
        return "新密码太容易被猜到（重复或连续的字符），请换一个"
    if phone and (phone in password or phone[-8:] in password):
        return "新密码不能包含手机号"
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        return "新密码要同时包含字母和数字"
    if lowered in COMMON:
        return "这个密码很常见，容易被猜到，请换一个"
    return None
