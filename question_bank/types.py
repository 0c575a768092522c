"""Item types (判断/单选/多选) as a registry, and the plain value an item travels as."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

LETTERS = string.ascii_uppercase[:6]
TRUE_FALSE_OPTIONS = ("对", "错")
STATUSES = ("draft", "reviewed", "published", "retired")
STATUS_NAMES = {"draft": "草稿", "reviewed": "已审核", "published": "已发布", "retired": "已停用"}


@dataclass(frozen=True)
class ItemType:
    """How one type of item is shaped and graded. Keys are option letters, sorted."""

    code: str
    name: str
    min_options: int
    max_options: int
    min_key: int
    max_key: int

    def key_error(self, key: str, n_options: int) -> str | None:
        """Return a Chinese message if ``key`` is not a valid key for ``n_options`` options."""
        if self.code == "true_false" and key not in ("A", "B"):
            return f"判断题的答案应为 对（A）或 错（B），现在是“{key or '空'}”"
        if not key:
            return "答案不能为空"
        if any(ch not in LETTERS[:n_options] for ch in key):
            allowed = f"A–{LETTERS[n_options - 1]} 中的字母" if n_options >= 2 else "选项字母"
            return f"答案应为 {allowed}，现在是“{key}”"
        if len(set(key)) != len(key):
            return f"答案 {key} 有重复字母"
        if not self.min_key <= len(key) <= self.max_key:
            if self.code == "multiple":
                return "多选题的答案至少要有两个选项"
            return f"{self.name}只能有一个答案"
        return None

    def is_correct(self, key: str, response: str) -> bool:
        """All-or-nothing grading: the response must be exactly the key's set of letters."""
        return normalise_letters(response) == normalise_letters(key)


ITEM_TYPES: dict[str, ItemType] = {
    "true_false": ItemType("true_false", "判断题", 2, 2, 1, 1),
    "single": ItemType("single", "单选题", 2, 6, 1, 1),
    "multiple": ItemType("multiple", "多选题", 3, 6, 2, 6),
}
TYPE_BY_NAME = {"判断": "true_false", "单选": "single", "多选": "multiple"}
NAME_BY_TYPE = {v: k for k, v in TYPE_BY_NAME.items()}


def key_from_text(text: str) -> str:
    """The key staff typed: option letters in any case or order (``'c, a'`` → ``'AC'``); text
    that is not only letters A–F is kept as typed (upper-cased, no spaces) for the message."""
    cleaned = re.sub(r"[\s,，、]", "", text.upper())
    if all(ch in LETTERS for ch in cleaned):
        return normalise_letters(cleaned)
    return cleaned


def normalise_letters(text: str) -> str:
    """Upper-case, de-duplicated, sorted option letters: ``'ca,b'`` → ``'ABC'``."""
    return "".join(sorted({ch for ch in text.upper() if ch in LETTERS}))


@dataclass
class ItemDraft:
    """One item's content as read from a file or a form, before it is a stored version."""

    type: str
    stem: str
    options: list[str]
    key: str
    explanation: str
    benchmark: int | None
    dimension: str
    areas: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    point: int | None = None
    difficulty: int = 3
    source: str = ""
    status: str = "draft"
    ref: str | None = None

    def content(self) -> tuple:
        """The fields that make two drafts the same item (used by round-trip checks)."""
        return (
            self.type, self.stem, tuple(self.options), self.key, self.explanation,
            self.benchmark, self.point, self.dimension, tuple(self.areas), tuple(self.groups),
            self.difficulty, self.source, self.status, self.ref,
        )
