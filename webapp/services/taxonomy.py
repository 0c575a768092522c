"""The taxonomy the app runs with (from ``TAXONOMY_DIR`` or the packaged files), cached."""

from __future__ import annotations

from functools import lru_cache

from question_bank.taxonomy import Taxonomy, load_taxonomy


@lru_cache(maxsize=4)
def _load(directory: str | None) -> Taxonomy:
    return load_taxonomy(directory)


def current_taxonomy(directory: str | None = None) -> Taxonomy:
    """Return the taxonomy for ``directory``; call ``reset_taxonomy`` after replacing files."""
    return _load(directory)


def reset_taxonomy() -> None:
    _load.cache_clear()
