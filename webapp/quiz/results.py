"""What the result page shows, prepared from a finished assessment (no arithmetic in templates)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from scoring.rules import LEVEL_NAMES, ScoringRules, strongest_benchmarks, weakest_benchmarks
from webapp.extensions import db
from webapp.models import Attempt, AttemptItem, Division, LedgerEntry, Resident
from webapp.models.base import utcnow
from webapp.services.assessment import latest_result, settings_from
from webapp.services.attempts import all_items, question_view, reveal_after_finish
from webapp.services.competitions import competition_item_ids
from webapp.services.content import lesson_for
from webapp.services.ledger import active_entry_for
from webapp.services.taxonomy import current_taxonomy

DIMENSION_ORDER = ("knowledge", "method", "spirit", "ability")


#: the level as the resident's own result names it, where the survey's category name would read
#: as a verdict (具备较低科学素质); reports and staff pages keep ``LEVEL_NAMES``
RESIDENT_LEVEL_NAMES = {"low": "离“基本具备”还差一些"}


def explained_items(items: list[AttemptItem], size: int) -> tuple[list[tuple], int]:
    """Question and key with explanation of each position of a finished attempt, except those
    whose item is in a competition that has not ended (their keys wait for its end).

    :return: the (question view, feedback) pairs and how many positions were held back.
    """
    held = competition_item_ids(utcnow())
    shown = [ai for ai in items if ai.version.item_id not in held]
    return ([(question_view(ai, size), reveal_after_finish(ai)) for ai in shown],
            len(items) - len(shown))


def level_meaning(level: str, scored_by: ScoringRules, current: ScoringRules) -> str:
    """What the level means, with the bar of "具备科学素质" as the rules state it (≥ or >).

    What this result reached is told by the rules it was scored with; what the resident still
    needs to reach, by the rules in force now."""
    if level == "advanced":
        return "您的科学素质很高，已经达到“具备科学素质”的标准，而且是高阶水平。"
    if level == "literate":
        return f"恭喜！您已达到“具备科学素质”的标准（{scored_by.bar_phrase('literate')}）。"
    if level == "basic":
        return (f"您基本具备科学素质，离“具备科学素质”（{current.reach_phrase('literate')}）"
                "还差一点，多练练就能达到。")
    return "您还需要多学一学。每天练 10 道题，很快就会进步。"


@dataclass(frozen=True)
class Counted:
    """The ledger entry that counts the resident, with the words the pages say it in."""

    entry: LedgerEntry
    place: str  #: the entry's township
    test_name: str  #: 测评 (online) or 纸质测试 (paper, entered by staff)


def counted_entry(resident_id: int | None) -> Counted | None:
    """The ledger entry that counts the resident toward their township, if any.

    The ledger, not the latest result, says whether someone counts: an unfinished retake keeps
    an earlier pass, and a paper test entered by staff stays until staff revoke it."""
    entry = active_entry_for(resident_id=resident_id) if resident_id else None
    if entry is None:
        return None
    township = db.session.get(Division, entry.township_code)
    return Counted(entry, township.name if township else "本乡镇",
                   "测评" if entry.source == "online" else "纸质测试")


def result_context(attempt: Attempt) -> dict:
    taxonomy = current_taxonomy(current_app.config.get("TAXONOMY_DIR"))
    by_bench = {int(k): tuple(v) for k, v in (attempt.benchmark_scores or {}).items()}
    dims = [(taxonomy.dimensions[d].name, *attempt.dimension_scores.get(d, (0, 0)))
            for d in DIMENSION_ORDER]
    weakest = weakest_benchmarks(by_bench, 3)
    strongest = strongest_benchmarks(by_bench, 3)
    resident = db.session.get(Resident, attempt.resident_id) if attempt.resident_id else None
    township = db.session.get(Division, resident.township_code) if resident else None
    current = settings_from(current_app.config).rules
    scored_by = ScoringRules.from_version(attempt.rules_version) or current
    latest = latest_result(attempt.resident_id) if attempt.resident_id else None
    counted = counted_entry(attempt.resident_id)
    items = all_items(attempt)
    reviews, held = explained_items(items, attempt.size)
    return {
        "attempt": attempt,
        "counted": counted,
        #: a later result, when there is one (whether the resident counts: ``counted``)
        "superseded_by": latest if latest is not None and latest.id != attempt.id else None,
        "level_name": RESIDENT_LEVEL_NAMES.get(attempt.level, LEVEL_NAMES[attempt.level]),
        "level_meaning": level_meaning(attempt.level, scored_by, current),
        #: "达到 70 分" or "超过 70 分": what the next assessment needs to count as literate.
        "literate_bar": current.reach_phrase("literate"),
        "pass_percent": scored_by.pass_percent,
        "township": township,
        "dimensions": dims,
        "weakest": [(b, taxonomy.benchmarks[b].title, *by_bench[b]) for b in weakest],
        "strongest": [(b, taxonomy.benchmarks[b].title, *by_bench[b]) for b in strongest],
        "lessons": [lesson for lesson in (lesson_for(b, []) for b in weakest) if lesson],
        "reviews": reviews,
        "held": held,
        #: positions never answered: the time ran out (they count as wrong)
        "unanswered": sum(1 for ai in items if ai.answer is None),
    }
