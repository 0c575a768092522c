"""Wording and number formats of the monitoring report: the method in plain Chinese,
percentages and intervals as text."""

from __future__ import annotations

import math

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
