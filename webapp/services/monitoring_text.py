"""Wording and number formats of the monitoring report: the method in plain Chinese,
percentages and intervals as text."""

from __future__ import annotations

import math
import re

import pandas as pd

#: The method in two paragraphs of plain Chinese (details: scoring/METHOD.md).
METHOD_PARAGRAPHS = (
    "本报告的数据来自居民在手机上完成的科学素质测评。每位18–69岁居民只计当年最后一次测评，"
    "按全国调查的口径，70分及以上为“具备科学素质”。参加测评是自愿的，年轻人、文化程度高的人和"
    "城镇居民往往答得更多，直接数答题者中的达标比例会偏高。因此，我们按第七次人口普查（以及工作人员"
    "上传的乡镇人口结构）给答题者加权，使各县加权后的性别、年龄、文化程度和城乡构成与实际人口一致，"
    "再计算达标比例和95%置信区间。答题人数少的乡镇，借助所在县的水平和乡镇特点，用小区域模型"
    "（Fay–Herriot）给出更稳定的估计，并标“谨慎使用”；样本实在太少的乡镇不公布数字。",
    "置信区间表示只有一部分居民参加测评而带来的不确定性：区间整体高于目标才算“已达标”，整体低于"
    "目标为“未达标”，跨过目标则“尚不能确定”。“可靠”“谨慎使用”“样本不足”按答题人数和相对误差"
    "判定。加权只能纠正性别、年龄、文化程度和城乡上的差异；如果同类人群中更懂科学的人更愿意答题，"
    "结果仍会偏高，区间也不包括这部分偏差。所以本报告适合本市历年之间、各县之间相互比较，不宜与"
    "中国科协和国家统计局的全国抽样调查结果逐一对比。",
)


def pct(x, digits: int = 1) -> str:
    """0.1453 → "14.5%"; NaN/None → "—"."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return "—"
    return f"{float(x) * 100:.{digits}f}%"


def points(x) -> str:
    """A difference of two shares in percentage points: 0.018 → "+1.8 个百分点" (a clerk reads
    "1.8%" as a relative change); NaN/None → "—"."""
    value = num(x)
    if value is None:
        return "—"
    return f"{value * 100:+.1f} 个百分点".replace("-", "−")


def text(x) -> str:
    return x if isinstance(x, str) and x else "—"


def ci_text(low, high) -> str:
    if pct(low) == "—" or pct(high) == "—":
        return "—"
    return f"{pct(low)}–{pct(high)}"


def num(x) -> float | None:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


VARIABLE_ZH = {"sex": "性别", "age_band": "年龄段", "sex_age_band": "性别×年龄段",
               "education": "文化程度", "urban": "城乡"}


def _var(name: str) -> str:
    return "、".join(VARIABLE_ZH.get(v, v) for v in name.split("/"))


#: (pattern, Chinese template) for the notes ``scoring`` writes in English; ``{code}`` becomes
#: the division's name, ``{var}`` the variable's Chinese label.
NOTE_PATTERNS = tuple((re.compile(p), zh) for p, zh in (
    (r"^(?P<n>\d+) divisions had sparse sex × age cells merged",
     "有 {n} 个县（市、区）或乡镇，某些性别、年龄组答题的人太少，加权时与相邻年龄组合并计算。"),
    (r"^Fay–Herriot not fitted", "有答题者的乡镇太少，未拟合小区域模型。"),
    (r"^Fay–Herriot REML did not converge", "小区域模型方差估计未收敛，采用最后一次迭代值。"),
    (r"^(?P<code>\d{6,9}): '(?P<var>\w+)' margin dropped \(a category has < (?P<n>\d+) ",
     "{code}：{var}中有一类答题的人少于 {n} 人，加权时没有按{var}调整。"),
    (r"^(?P<code>\d{6,9}): margin '(?P<var>\w+)' dropped from the remainder",
     "{code}：单独加权的下属乡镇（或县）中有的缺{var}人口数，{code}其余的答题者加权时没有按"
     "{var}调整；补齐这些乡镇的{var}人口数即可。"),
    (r"^(?P<code>\d{6,9}): no (?P<var>[\w/]+) margin; calibrated without it",
     "{code}：没有{var}人口数，加权时没有按{var}调整。"),
    (r"^(?P<code>\d{6,9}): children exceed the parent in '(?P<var>\w+)'",
     "{code}：下属乡镇（或县）的{var}人口加起来超过了{code}的人口，{code}其余的这部分人口"
     "按 0 计；请核对上传的乡镇人口数。"),
    (r"^(?P<code>\d{6,9}): '(?P<var>\w+)' rescaled by (?P<n>[\d.]+)",
     "{code}：{var}人口数合计与总人口不一致，已按 {n} 倍折算。"),
    (r"^(?P<code>\d{6,9}): no usable sex/age margins left",
     "{code}：没有可用的性别、年龄人口数，这里的答题者没有加权。"),
    (r"^(?P<code>\d{9}): township margins given but only (?P<n>\d+) respondents",
     "{code}：已上传乡镇人口结构，但答题的只有 {n} 人（不足 100 人），按所在县（市、区）的"
     "人口结构加权。"),
    (r"^(?P<zh>.*?[。！？])\s+[A-Z][A-Za-z ,'-]+.*$", "{zh}"),  # drop the English half
))


def translate_note(note: str, names: dict[str, str]) -> str:
    """A scoring note in Chinese when its pattern is known (division codes become names)."""
    for pattern, template in NOTE_PATTERNS:
        match = pattern.search(note)
        if match:
            parts = match.groupdict()
            if "code" in parts:
                parts["code"] = names.get(parts["code"], parts["code"])
            if "var" in parts:
                parts["var"] = _var(parts["var"])
            return template.format(**parts)
    return note
