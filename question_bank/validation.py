"""Checks on one item and on a batch of items; every message is Chinese and names the field."""

from __future__ import annotations

import re
import unicodedata

from question_bank.taxonomy import Taxonomy
from question_bank.types import ITEM_TYPES, STATUSES, TRUE_FALSE_OPTIONS, ItemDraft

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_stem(stem: str) -> str:
    """Stem without spaces or punctuation, full-width folded: the key for duplicate checks."""
    folded = unicodedata.normalize("NFKC", stem).lower()
    return _NOT_WORD.sub("", folded)


def _option_key(option: str) -> str:
    """Options differ if their characters differ ("24%" ≠ "2.4%"); only spacing and width fold."""
    return "".join(unicodedata.normalize("NFKC", option).split())


def item_errors(draft: ItemDraft, taxonomy: Taxonomy) -> list[str]:
    """Return every problem with one item (empty list = valid)."""
    errors: list[str] = []
    item_type = ITEM_TYPES.get(draft.type)
    if item_type is None:
        errors.append("题型必须是 判断、单选 或 多选")
    if not draft.stem.strip():
        errors.append("题干为空")
    if any(not option.strip() for option in draft.options):
        errors.append("选项不能为空（选项要从 A 开始连续填写）")
    if item_type is not None:
        if item_type.code == "true_false" and tuple(draft.options) != TRUE_FALSE_OPTIONS:
            errors.append("判断题的选项只能是 对、错")
        n = len(draft.options)
        if not item_type.min_options <= n <= item_type.max_options:
            errors.append(
                f"{item_type.name}要有 {item_type.min_options}–{item_type.max_options} 个选项，"
                f"现在有 {n} 个"
            )
        key_problem = item_type.key_error(draft.key, n)
        if key_problem:
            errors.append(key_problem)
    if len({_option_key(o) for o in draft.options}) != len(draft.options):
        errors.append("选项有重复")
    if not draft.explanation.strip():
        errors.append("解析为空：请用大白话写清楚为什么这个答案对")
    errors.extend(_taxonomy_errors(draft, taxonomy))
    if not 1 <= draft.difficulty <= 5:
        errors.append(f"难度 {draft.difficulty} 不在 1–5 之间")
    if draft.status not in STATUSES:
        errors.append("状态必须是 草稿、已审核、已发布 或 已停用")
    return errors


def _taxonomy_errors(draft: ItemDraft, taxonomy: Taxonomy) -> list[str]:
    errors = []
    if draft.benchmark not in taxonomy.benchmarks:
        errors.append(
            f"基准 {draft.benchmark if draft.benchmark is not None else '（空）'} 不存在，应为 1–26"
        )
    if draft.point is not None:
        point = taxonomy.points.get(draft.point)
        bench = taxonomy.benchmarks.get(draft.benchmark or 0)
        if not 1 <= draft.point <= 132:
            errors.append(f"基准点 {draft.point} 不在 1–132 之间")
        elif point is not None and point.benchmark != draft.benchmark:
            errors.append(
                f"基准点 {draft.point} 属于基准 {point.benchmark}，不属于基准 {draft.benchmark}"
            )
        elif (
            bench and bench.point_first and not bench.point_first <= draft.point <= bench.point_last
        ):
            errors.append(
                f"基准点 {draft.point} 不在基准 {bench.number} 的范围 "
                f"{bench.point_first}–{bench.point_last} 内"
            )
    if draft.dimension not in taxonomy.dimensions:
        errors.append(
            f"维度 {draft.dimension or '（空）'} 不存在，应为 科学知识、科学方法、"
            "科学精神与思想 或 应用科学的能力"
        )
    if not draft.areas:
        errors.append("专题至少要填一个")
    for area in draft.areas:
        if area not in taxonomy.areas:
            errors.append(f"专题 {area} 不存在")
    for group in draft.groups:
        if group not in taxonomy.groups:
            errors.append(f"重点人群 {group} 不存在")
    return errors


def batch_errors(
    drafts: list[tuple[int, ItemDraft]], taxonomy: Taxonomy, existing_stems: dict[str, str]
) -> dict[int, list[str]]:
    """Validate numbered drafts together: each item, plus duplicate stems and refs.

    :param drafts: (row number, draft) pairs; row numbers are what the user sees.
    :param existing_stems: normalised stem → a label for the bank item already holding it.
    :return: row number → messages, only for rows with problems.
    """
    problems: dict[int, list[str]] = {}
    first_row_of_stem: dict[str, int] = {}
    first_row_of_ref: dict[str, int] = {}
    for row, draft in drafts:
        errors = item_errors(draft, taxonomy)
        norm = normalise_stem(draft.stem)
        if norm and norm in first_row_of_stem:
            errors.append(f"题干与第 {first_row_of_stem[norm]} 行重复")
        elif norm and norm in existing_stems:
            errors.append(f"题干与题库中已有的题目重复（{existing_stems[norm]}）")
        first_row_of_stem.setdefault(norm, row)
        if draft.ref:
            if draft.ref in first_row_of_ref:
                errors.append(f"编号 {draft.ref} 与第 {first_row_of_ref[draft.ref]} 行重复")
            first_row_of_ref.setdefault(draft.ref, row)
        if errors:
            problems[row] = errors
    return problems
