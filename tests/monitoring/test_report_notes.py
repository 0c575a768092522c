"""The report's weighting notes: every note the scoring package writes reads as plain Chinese
naming the place, with no English or method jargon left for the clerk who publishes it."""

from __future__ import annotations

import re

import numpy as np

from scoring.targets import _harmonise, _remainder
from webapp.services.monitoring_text import translate_note

NAMES = {"431381": "冷水江市", "431381001": "锡矿山街道"}
JARGON = ("余量", "校准区划", "margin", "remainder")


def _readable(note: str) -> str:
    zh = translate_note(note, NAMES)
    assert not re.search(r"[A-Za-z]", zh), zh
    assert not any(word in zh for word in JARGON), zh
    return zh


def test_county_remainder_notes_say_what_happened_and_what_to_do():
    county = {"sex": np.array([50.0, 50.0]), "education": np.array([40.0, 30.0, 20.0, 5.0, 5.0])}
    township_without_education = {"sex": np.array([60.0, 10.0])}
    _, notes = _remainder(county, [township_without_education], "431381")
    assert len(notes) == 2  # women exceed the county, education dropped
    exceeded, dropped = (_readable(n) for n in notes)
    assert dropped.startswith("冷水江市：") and "没有按文化程度调整" in dropped
    assert "补齐" in dropped
    assert "性别人口加起来超过了冷水江市的人口" in exceeded and "请核对" in exceeded


def test_other_weighting_notes_are_translated():
    _, rescaled = _harmonise({"sex": np.array([50.0, 50.0]),
                              "education": np.array([20.0, 20.0, 5.0, 5.0, 0.0])}, "431381")
    assert _readable(rescaled[0]) == (
        "冷水江市：文化程度人口数合计与总人口不一致，已按 2.0000 倍折算。")
    few = _readable("431381001: township margins given but only 37 respondents (< 100); "
                    "calibrated with its county")
    assert few.startswith("锡矿山街道：") and "只有 37 人" in few
    assert "加权时与相邻年龄组合并" in _readable("3 divisions had sparse sex × age cells merged")
