"""Items as spreadsheet rows with Chinese headers (题型, 题干, 选项A…F, 答案, …), both ways."""

from __future__ import annotations

import re

from question_bank.taxonomy import Taxonomy
from question_bank.types import (
    LETTERS,
    NAME_BY_TYPE,
    STATUS_NAMES,
    TRUE_FALSE_OPTIONS,
    TYPE_BY_NAME,
    ItemDraft,
    key_from_text,
)

OPTION_HEADERS = [f"选项{letter}" for letter in LETTERS]
HEADERS = ["题型", "题干", *OPTION_HEADERS, "答案", "解析", "基准", "基准点", "维度", "专题",
           "重点人群", "难度", "来源", "状态", "编号"]
REQUIRED_HEADERS = ["题型", "题干", "答案", "解析", "基准", "维度", "专题"]
_SPLIT = re.compile(r"[、;；,，/\s]+")
_TRUE_WORDS = {"对", "正确", "√", "是", "T", "TRUE"}
_FALSE_WORDS = {"错", "错误", "×", "否", "F", "FALSE"}
_STATUS_BY_NAME = {name: code for code, name in STATUS_NAMES.items()}


def missing_headers(header: list[str]) -> list[str]:
    """Required column headers absent from ``header``."""
    return [h for h in REQUIRED_HEADERS if h not in header]


def row_to_draft(row: dict[str, str], taxonomy: Taxonomy) -> tuple[ItemDraft, list[str]]:
    """Turn one row into a draft, with messages for cells that cannot even be parsed."""
    errors: list[str] = []
    type_text = row.get("题型", "").removesuffix("题")
    item_type = TYPE_BY_NAME.get(type_text, type_text)
    options, gap = [], False
    for header in OPTION_HEADERS:
        text = row.get(header, "")
        if text and gap:
            errors.append("选项要从 A 开始连续填写，中间不能空")
        if text:
            options.append(text)
        else:
            gap = True
    key_text = row.get("答案", "").strip()
    if item_type == "true_false":
        if options and tuple(options) != TRUE_FALSE_OPTIONS:
            errors.append("判断题不用填选项（或只填 对、错）")
        options = list(TRUE_FALSE_OPTIONS)
        # anything else is kept as written: the item check quotes it
        key = {**dict.fromkeys(_TRUE_WORDS, "A"), **dict.fromkeys(_FALSE_WORDS, "B")}.get(
            key_text.upper(), key_text)
    else:
        key = key_from_text(key_text)
    benchmark = _int_cell(row.get("基准", ""), "基准", errors)
    point = _int_cell(row.get("基准点", ""), "基准点", errors)
    difficulty = _int_cell(row.get("难度", ""), "难度", errors)
    dim_text = row.get("维度", "")
    dimension = taxonomy.dimension_by_name(dim_text) or dim_text
    areas = [taxonomy.area_by_name(a) or a for a in _split(row.get("专题", ""))]
    groups = [taxonomy.group_by_name(g) or g for g in _split(row.get("重点人群", ""))]
    status_text = row.get("状态", "")
    status = _STATUS_BY_NAME.get(status_text, status_text) or "draft"
    draft = ItemDraft(
        type=item_type, stem=row.get("题干", ""), options=options, key=key,
        explanation=row.get("解析", ""), benchmark=benchmark, point=point, dimension=dimension,
        areas=areas, groups=groups, difficulty=difficulty if difficulty is not None else 3,
        source=row.get("来源", ""), status=status, ref=row.get("编号") or None,
    )
    return draft, errors


def _split(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text) if part]


def _int_cell(text: str, name: str, errors: list[str]) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errors.append(f"{name} 应为整数，现在是 {text}")
        return None


def draft_to_row(draft: ItemDraft, taxonomy: Taxonomy) -> list[object]:
    """One export row in :data:`HEADERS` order; names are Chinese so staff can edit in Excel."""
    if draft.type == "true_false":
        options = [""] * len(LETTERS)
        key = TRUE_FALSE_OPTIONS[LETTERS.index(draft.key)]
    else:
        options = draft.options + [""] * (len(LETTERS) - len(draft.options))
        key = draft.key
    return [
        NAME_BY_TYPE[draft.type], draft.stem, *options, key, draft.explanation, draft.benchmark,
        draft.point if draft.point is not None else "",
        taxonomy.dimensions[draft.dimension].name,
        "、".join(taxonomy.areas[a] for a in draft.areas),
        "、".join(taxonomy.groups[g] for g in draft.groups),
        draft.difficulty, draft.source, STATUS_NAMES[draft.status], draft.ref or "",
    ]
