"""Monitoring samples in the database: the frame from the rosters, the draw, invitation codes,
per-person status, and responses recorded when an invited resident finishes an assessment."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from sqlalchemy import Select, or_, select

from question_bank.spreadsheets import write_table
from scoring.people import SEXES
from webapp.extensions import db
from webapp.models import (
    Attempt,
    Division,
    MonitoringSample,
    Resident,
    RosterEntry,
    SampleMember,
    Staff,
)
from webapp.services import audit
from webapp.services.clock import china_day
from webapp.services.roster_rows import GROUP_NAMES
from webapp.services.rosters import on_roster
from webapp.services.sample_design import allocate, draw_units, inclusion_probabilities
from webapp.services.scope import Scope

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
STATUS_NAMES = {"invited": "待作答", "responded": "已作答", "refused": "拒绝",
                "unreachable": "联系不上"}
ALLOCATION_NAMES = {"proportional": "按比例分配", "equal": "等量分配"}


class SampleYearError(ValueError):
    """A sample asked for a year it cannot stand for; message is Chinese."""


def sample_years(today: dt.date) -> tuple[int, int]:
    """The years a sample may be drawn for: this year and next (China time). The frame is
    today's roster, which does not tell who lived here in an earlier year."""
    return today.year, today.year + 1


@dataclass(frozen=True)
class FrameUnit:
    roster_id: int
    township_code: str
    village_code: str
    key_group: str


def frame(scope: Scope, year: int, min_age: int, max_age: int) -> list[FrameUnit]:
    """Roster entries of the subtree aged ``min_age``–``max_age`` during ``year``."""
    result = db.session.execute(
        select(RosterEntry.id, Division.parent_code, RosterEntry.village_code,
               RosterEntry.key_group)
        .join(Division, Division.code == RosterEntry.village_code)
        .where(scope.where(RosterEntry.village_code), on_roster(),
               RosterEntry.birth_year.between(year - max_age, year - min_age)))
    return [FrameUnit(*row) for row in result]


def stratum_of(unit: FrameUnit, by_group: bool) -> str:
    return f"{unit.township_code}:{unit.key_group}" if by_group else unit.township_code


def new_invitation_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


def draw_sample(actor: Staff, scope: Scope, data: dict, ip: str | None,
                now: dt.datetime) -> MonitoringSample:
    """Draw and store a sample with its members, strata and seed (flush only).

    :param data: ``name``, ``year``, ``size``, ``allocation``, ``by_group``, ``seed`` (None:
        a random seed is chosen and recorded).
    :raises SampleYearError: a year other than those of :func:`sample_years`.
    :raises DesignError: from :func:`allocate`.
    """
    years = sample_years(china_day(now))
    if data["year"] not in years:
        raise SampleYearError(f"监测年份只能是今年（{years[0]} 年）或明年（{years[1]} 年）："
                              "抽样用的是现在的花名册")
    units = frame(scope, data["year"], 18, 69)
    by_group = bool(data["by_group"])
    strata: dict[str, list[FrameUnit]] = {}
    for unit in units:
        strata.setdefault(stratum_of(unit, by_group), []).append(unit)
    populations = {k: len(v) for k, v in strata.items()}
    sizes = allocate(populations, data["size"], data["allocation"])
    seed = data["seed"] if data.get("seed") is not None else secrets.randbelow(2**31)
    chosen = draw_units({k: [u.roster_id for u in v] for k, v in strata.items()}, sizes,
                 random.Random(seed))
    probability = inclusion_probabilities(populations, sizes)
    sample = MonitoringSample(
        name=data["name"].strip(), division_code=scope.division_code, year=data["year"],
        seed=seed, allocation=data["allocation"], by_group=by_group, min_age=18, max_age=69,
        requested_size=data["size"], frame_size=len(units), drawn_size=sum(sizes.values()),
        strata=[{"stratum": k, "township": k.split(":")[0],
                 "group": k.split(":")[1] if by_group else None,
                 "N": populations[k], "n": sizes[k]} for k in sorted(sizes)],
        created_at=now, created_by_id=actor.id)
    db.session.add(sample)
    db.session.flush()
    by_id = {u.roster_id: u for u in units}
    taken = set(db.session.scalars(select(SampleMember.invitation_code)))
    db.session.add_all(
        SampleMember(sample_id=sample.id, roster_entry_id=rid, stratum=key,
                     township_code=by_id[rid].township_code, village_code=by_id[rid].village_code,
                     key_group=by_id[rid].key_group, inclusion_probability=probability[key],
                     invitation_code=new_invitation_code(taken), status="invited")
        for key, ids in chosen.items() for rid in ids)
    db.session.flush()
    audit.record(actor, "create", "monitoring_sample", sample.id,
                 division_code=scope.division_code, ip=ip, now=now,
                 summary=f"抽取监测样本“{sample.name}”：{sample.drawn_size} 人，种子 {seed}",
                 after={"seed": seed, "allocation": sample.allocation, "by_group": by_group,
                        "frame_size": sample.frame_size, "strata": sample.strata})
    return sample


def samples_query(scope: Scope) -> Select:
    """Samples drawn inside the subtree (a county admin sees the county's, not the city's)."""
    return (select(MonitoringSample).where(scope.where(MonitoringSample.division_code))
            .order_by(MonitoringSample.id.desc()))


def get_sample(sample_id: int, scope: Scope) -> MonitoringSample | None:
    return db.session.scalar(samples_query(scope).where(MonitoringSample.id == sample_id))


def members_query(sample: MonitoringSample, status: str | None = None) -> Select:
    stmt = (select(SampleMember, RosterEntry, Division)
            .join(RosterEntry, RosterEntry.id == SampleMember.roster_entry_id)
            .join(Division, Division.code == SampleMember.village_code)
            .where(SampleMember.sample_id == sample.id)
            .order_by(SampleMember.stratum, SampleMember.village_code, RosterEntry.name))
    if status:
        stmt = stmt.where(SampleMember.status == status)
    return stmt


def status_counts(sample: MonitoringSample) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_NAMES, 0)
    for status in db.session.scalars(select(SampleMember.status).where(
            SampleMember.sample_id == sample.id)):
        counts[status] += 1
    return counts


def get_member(member_id: int, scope: Scope) -> SampleMember | None:
    """A member whose sample lies in the scope (else None)."""
    return db.session.scalar(select(SampleMember).join(
        MonitoringSample, MonitoringSample.id == SampleMember.sample_id).where(
        SampleMember.id == member_id, scope.where(MonitoringSample.division_code)))


def set_member_status(actor: Staff, member: SampleMember, status: str, ip: str | None,
                      now: dt.datetime) -> None:
    if status not in STATUS_NAMES:
        raise ValueError(status)
    before = {"status": member.status}
    member.status, member.status_at, member.status_by_id = status, now, actor.id
    db.session.flush()
    audit.record(actor, "update", "sample_member", member.id, division_code=member.village_code,
                 ip=ip, now=now, before=before, after={"status": status},
                 summary=f"样本成员状态改为“{STATUS_NAMES[status]}”")


def redeem_invitation(code: str, resident: Resident) -> SampleMember | None:
    """Link the invited person's app account to their sample place (first come keeps it)."""
    member = db.session.scalar(select(SampleMember).where(
        SampleMember.invitation_code == code.strip().upper()))
    if member is not None and member.resident_id is None:
        member.resident_id = resident.id
        db.session.flush()
    return member


def record_response(attempt: Attempt, now: dt.datetime) -> int:
    """Mark sample members who just finished an assessment as responded (same transaction)."""
    if attempt.kind != "assessment" or attempt.resident_id is None:
        return 0
    roster_ids = select(RosterEntry.id).where(RosterEntry.resident_id == attempt.resident_id)
    members = list(db.session.scalars(select(SampleMember).where(
        SampleMember.attempt_id.is_(None),
        or_(SampleMember.resident_id == attempt.resident_id,
            SampleMember.roster_entry_id.in_(roster_ids)))))
    for member in members:
        member.status, member.status_at, member.attempt_id = "responded", now, attempt.id
        member.resident_id = attempt.resident_id
    db.session.flush()
    return len(members)


def stratum_labels(sample: MonitoringSample) -> dict[str, str]:
    """Stratum key (``431302001:cadre``) → what staff read: 某某镇 · 领导干部和公务员."""
    names = dict(db.session.execute(select(Division.code, Division.name).where(
        Division.code.in_({s["township"] for s in sample.strata}))).all())
    return {s["stratum"]: names.get(s["township"], s["township"])
            + (f" · {GROUP_NAMES.get(s['group'], s['group'])}" if s.get("group") else "")
            for s in sample.strata}


def export_sample(sample: MonitoringSample, filename: str) -> bytes:
    """Members with stratum, inclusion probability and design weight (phones not included)."""
    header = ["邀请码", "姓名", "性别", "出生年份", "村/社区", "层", "人群类别", "入样概率",
              "设计权重", "状态"]
    labels = stratum_labels(sample)
    rows = [[m.invitation_code, r.name, SEXES.get(r.sex, ""), r.birth_year, v.name,
             labels.get(m.stratum, m.stratum),
             GROUP_NAMES.get(m.key_group, ""), round(m.inclusion_probability, 6),
             round(1 / m.inclusion_probability, 4), STATUS_NAMES[m.status]]
            for m, r, v in db.session.execute(members_query(sample))]
    return write_table(header, rows, filename, sheet="样本")
