"""Roster spreadsheet rows (花名册) ↔ values: headers, parsing with Chinese messages. No DB."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.people import EDUCATIONS, SEXES, age_in
from webapp.services.birth_years import OLDEST_AGE, is_plausible_birth_year
from webapp.services.divisions import short_village_name
from webapp.services.phones import PHONE_RE, plain_phone

HEADERS = ["姓名", "性别", "出生年份", "手机号", "村/社区", "文化程度", "人群类别"]
REQUIRED_HEADERS = ["姓名", "性别", "出生年份", "村/社区", "人群类别"]
GROUP_NAMES = {"youth": "青少年", "farmer": "农民", "worker": "产业工人", "elderly": "老年人",
               "cadre": "领导干部和公务员", "other": "其他"}
_GROUP_ALIASES = {"学生": "youth", "工人": "worker", "干部": "cadre", "公务员": "cadre",
                  "领导干部": "cadre", "老人": "elderly", "其它": "other"}
_EDUCATION_ALIASES = {"小学": "primary", "未上学": "primary", "文盲": "primary",
                      "高中": "senior", "中专": "senior", "职高": "senior", "技校": "senior",
                      "本科": "bachelor", "研究生": "bachelor", "硕士": "bachelor",
                      "博士": "bachelor"}
_SEX_ALIASES = {"男": "m", "女": "f", "男性": "m", "女性": "f"}
MASKED_PHONE_RE = re.compile(r"^1\d{2}\*{4}\d{4}$")
_YEAR_RE = re.compile(r"^(\d{4})(?:[-/.年](?:\d{1,2}.*)?)?(?:\.0)?$")


@dataclass(frozen=True)
class RosterRow:
    """A parsed row; ``village`` is the text of the 村/社区 cell (resolved by the caller)."""

    name: str
    sex: str | None
    birth_year: int | None
    #: None when blank, or shown masked as in our own exports: keep what is on file.
    phone: str | None
    village: str
    education: str | None
    key_group: str | None


def missing_headers(header: list[str]) -> list[str]:
    return [h for h in REQUIRED_HEADERS if h not in header]


def village_key(name: str) -> str:
    """Village names compared as people say them: without spaces, 村委会 → 村, 居委会 → 社区
    (so 禾青村 finds 禾青村委会)."""
    return short_village_name(re.sub(r"\s+", "", name))


def parse_row(cells: dict[str, str], this_year: int) -> tuple[RosterRow, list[str]]:
    """Parse one row; the messages name the column and the value, in Chinese."""
    errors: list[str] = []
    name = re.sub(r"\s+", "", cells.get("姓名", ""))
    if not name:
        errors.append("姓名不能为空")
    elif len(name) > 50:
        errors.append("姓名太长（不超过 50 个字）")
    sex_text = cells.get("性别", "").strip()
    sex = _SEX_ALIASES.get(sex_text)
    if sex is None:
        errors.append(f"性别应填 男 或 女，现在是“{sex_text or '空'}”")
    birth_year = _birth_year(cells.get("出生年份", "").strip(), this_year, errors)
    phone = _phone(cells.get("手机号", ""), errors)
    village = cells.get("村/社区", "").strip()
    if not village:
        errors.append("村/社区不能为空")
    education = _choice(cells.get("文化程度", ""), EDUCATIONS, _EDUCATION_ALIASES, "文化程度",
                        errors, required=False)
    group_text = cells.get("人群类别", "").strip()
    group = _choice(group_text, GROUP_NAMES, _GROUP_ALIASES, "人群类别", errors, required=True)
    youth = youth_error(group, birth_year, this_year, group_text)
    if youth:
        errors.append(youth)
    return RosterRow(name, sex, birth_year, phone, village, education, group), errors


def youth_error(group: str | None, birth_year: int | None, this_year: int,
                text: str = GROUP_NAMES["youth"]) -> str | None:
    """青少年 means under 18 (age = this year − birth year, as in ``scoring.people``): an
    adult put in that group is refused rather than counted as youth."""
    if group != "youth" or birth_year is None or age_in(this_year, birth_year) < 18:
        return None
    named = f"“{text}”" if text == GROUP_NAMES["youth"] else f"“{text}”（青少年）"
    return (f"人群类别{named}只用于 18 岁以下（{this_year - 17} 年及以后出生），"
            f"{birth_year} 年出生的人请选其他类别")


def _birth_year(text: str, this_year: int, errors: list[str]) -> int | None:
    match = _YEAR_RE.match(text)
    year = int(match.group(1)) if match else None
    if year is None:
        errors.append(f"出生年份应为四位数年份，如 1965，现在是“{text or '空'}”")
        return None
    if not is_plausible_birth_year(year, this_year):
        errors.append(f"出生年份应在 {this_year - OLDEST_AGE}–{this_year} 年之间，现在是“{text}”")
        return None
    return year


def _phone(text: str, errors: list[str]) -> str | None:
    phone = plain_phone(text)
    if not phone or MASKED_PHONE_RE.match(re.sub(r"[\s\-]", "", phone)):
        return None
    if not PHONE_RE.match(phone):
        errors.append(f"手机号应为 11 位数字，现在是“{text}”")
        return None
    return phone


def _choice(text: str, names: dict[str, str], aliases: dict[str, str], column: str,
            errors: list[str], *, required: bool) -> str | None:
    text = text.strip()
    if not text:
        if required:
            errors.append(f"{column}不能为空")
        return None
    by_name = {v: k for k, v in names.items()}
    code = by_name.get(text) or aliases.get(text) or (text if text in names else None)
    if code is None:
        errors.append(f"{column}“{text}”不认识，可填：{'、'.join(names.values())}")
    return code


def row_values(name: str, sex: str, birth_year: int, phone: str, village: str,
               education: str | None, key_group: str) -> list[object]:
    """One export row in the import layout (``phone`` already masked or not by the caller)."""
    return [name, SEXES.get(sex, ""), birth_year, phone, village,
            EDUCATIONS.get(education or "", ""), GROUP_NAMES.get(key_group, "")]
