"""Who a resident is, in the categories the survey uses: key group and age band."""

from __future__ import annotations

OCCUPATIONS = {"farmer": "农民", "worker": "产业工人", "cadre": "领导干部和公务员", "other": "其他"}
EDUCATIONS = {
    "primary": "小学及以下",
    "junior": "初中",
    "senior": "高中或中专",
    "college": "大专",
    "bachelor": "本科及以上",
}
SEXES = {"m": "男", "f": "女"}


def age_in(year: int, birth_year: int) -> int:
    """Age reached during ``year`` (birthdays are not asked for: one year of slack is accepted)."""
    return year - birth_year


def key_group(occupation: str, birth_year: int, year: int) -> str:
    """The resident's key group: ``youth`` under 18 and ``elderly`` from 60 override occupation."""
    age = age_in(year, birth_year)
    if age < 18:
        return "youth"
    if age >= 60:
        return "elderly"
    return occupation if occupation in OCCUPATIONS else "other"


def age_band(birth_year: int, year: int) -> str | None:
    """Survey age band (18–69) or None outside the survey's population."""
    age = age_in(year, birth_year)
    if not 18 <= age <= 69:
        return None
    low = 18 if age < 30 else age // 10 * 10
    return f"{low}-{29 if low == 18 else low + 9}"
