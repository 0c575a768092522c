"""The seed bank: original items kept as YAML files, one per benchmark (see README.md)."""

from __future__ import annotations

from pathlib import Path

import yaml

from question_bank.types import TRUE_FALSE_OPTIONS, ItemDraft, normalise_letters

SEED_DIR = Path(__file__).resolve().parent


class SeedFileError(ValueError):
    """A seed file is not a list of item mappings."""


def load_seed_drafts(directory: Path = SEED_DIR) -> list[tuple[str, ItemDraft]]:
    """Read every ``b*.yaml`` file; return (``file:ref``, draft) pairs in file order.

    Drafts are marked published: the seed bank is reviewed before it is committed.
    :raises SeedFileError: naming the file when its YAML or structure is broken.
    """
    drafts = []
    for path in sorted(directory.glob("b*.yaml")):
        try:
            records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise SeedFileError(f"{path.name}: YAML 格式错误：{exc}") from exc
        if not isinstance(records, list):
            raise SeedFileError(f"{path.name}: 应为题目列表")
        for index, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise SeedFileError(f"{path.name} 第 {index} 题: 应为键值对")
            drafts.append((f"{path.name}:{record.get('ref', index)}", _draft(record)))
    return drafts


def _draft(record: dict) -> ItemDraft:
    item_type = str(record.get("type", ""))
    if item_type == "true_false":
        options = list(TRUE_FALSE_OPTIONS)
        key = {"对": "A", "错": "B"}.get(str(record.get("key", "")).strip(), "")
    else:
        options = [str(o) for o in record.get("options") or []]
        key = normalise_letters(str(record.get("key", "")))
    return ItemDraft(
        type=item_type,
        stem=str(record.get("stem", "")).strip(),
        options=options,
        key=key,
        explanation=str(record.get("explanation", "")).strip(),
        benchmark=record.get("benchmark"),
        point=record.get("point"),
        dimension=str(record.get("dimension", "")),
        areas=list(record.get("areas") or []),
        groups=list(record.get("groups") or []),
        difficulty=int(record.get("difficulty", 3)),
        source=str(record.get("source", "") or ""),
        status="published",
        ref=str(record["ref"]) if record.get("ref") else None,
    )
