"""Township population margins (乡镇人口结构) uploaded by staff: store, list, read back.

An upload is checked whole by ``scoring.margins.read_township_upload``; any problem rejects the
file and nothing is written. An accepted file replaces every stored row of the townships it
names (other townships keep theirs). Flush only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import delete, func, select

from scoring.margins import MARGIN_COLUMNS, MarginProblem, read_township_upload
from webapp.extensions import db
from webapp.models import Division, Staff, TownshipMargin, TownshipMarginUpload
from webapp.services import audit


@dataclass
class UploadOutcome:
    """Either ``upload`` (accepted) or ``problems`` (rejected, row-numbered, Chinese)."""

    upload: TownshipMarginUpload | None
    problems: list[MarginProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.upload is not None


def townships_under(prefix: str) -> list[Division]:
    """Townships whose code starts with ``prefix`` (a scope prefix), by code."""
    return list(db.session.scalars(
        select(Division).where(Division.level == "township",
                               Division.code.startswith(prefix, autoescape=True))
        .order_by(Division.code)))


def store_township_upload(data: bytes, filename: str, *, allowed: set[str] | dict[str, str],
                          actor: Staff | None, now: dt.datetime,
                          ip: str | None = None) -> UploadOutcome:
    """Check and store an upload of township margins, all-or-nothing.

    :param data: the file's bytes (.csv or .xlsx, the template's four columns).
    :param allowed: township codes the uploader may give (their scope), or their names by code
        (the messages then name them); others are row errors.
    :param actor: the staff member, or None from the command line (then no audit event).
    :return: the accepted upload, or every problem with its spreadsheet row (header = row 1).
    """
    result = read_township_upload(data, township_codes=allowed, filename=filename)
    if not result.ok:
        return UploadOutcome(None, result.problems)
    frame = result.margins
    codes = sorted(frame["division_code"].unique())
    upload = TownshipMarginUpload(uploaded_at=now, uploaded_by_id=actor.id if actor else None,
                                  filename=filename[:200], township_count=len(codes),
                                  row_count=len(frame))
    db.session.add(upload)
    db.session.flush()
    db.session.execute(delete(TownshipMargin).where(TownshipMargin.township_code.in_(codes)))
    db.session.execute(TownshipMargin.__table__.insert(), [
        {"township_code": r.division_code, "variable": r.variable, "category": r.category,
         "population": round(r.population), "upload_id": upload.id}
        for r in frame.itertuples(index=False)])
    if actor is not None:
        summary = f"上传乡镇人口结构：{len(codes)} 个乡镇、{len(frame)} 行（{filename}）"
        audit.record(actor, "import", "township_margins", upload.id, ip=ip, now=now,
                     division_code=actor.division_code, summary=summary)
    db.session.flush()
    return UploadOutcome(upload)


def township_margins_frame(prefix: str) -> pd.DataFrame:
    """Stored margins of townships under ``prefix``, in ``scoring.margins`` long format."""
    rows = db.session.execute(
        select(TownshipMargin.township_code, TownshipMargin.variable, TownshipMargin.category,
               TownshipMargin.population)
        .where(TownshipMargin.township_code.startswith(prefix, autoescape=True))
        .order_by(TownshipMargin.township_code, TownshipMargin.id)).all()
    frame = pd.DataFrame(rows, columns=list(MARGIN_COLUMNS))
    return frame.astype({"population": float})


def margin_status(prefix: str) -> dict[str, int]:
    """Adults 18–69 per township under ``prefix`` that has uploaded margins (sum of the
    sex × age rows, else the sex rows)."""
    totals: dict[str, dict[str, int]] = {}
    stmt = (select(TownshipMargin.township_code, TownshipMargin.variable,
                   func.sum(TownshipMargin.population))
            .where(TownshipMargin.township_code.startswith(prefix, autoescape=True),
                   TownshipMargin.variable.in_(("sex_age_band", "sex")))
            .group_by(TownshipMargin.township_code, TownshipMargin.variable))
    for code, variable, total in db.session.execute(stmt):
        totals.setdefault(code, {})[variable] = int(total)
    return {code: t.get("sex_age_band", t.get("sex", 0)) for code, t in totals.items()}


def recent_uploads(prefix: str, limit: int = 10) -> list[tuple[TownshipMarginUpload, int]]:
    """Latest uploads that still hold rows under ``prefix``, with how many of those rows."""
    stmt = (select(TownshipMarginUpload, func.count(TownshipMargin.id))
            .join(TownshipMargin, TownshipMargin.upload_id == TownshipMarginUpload.id)
            .where(TownshipMargin.township_code.startswith(prefix, autoescape=True))
            .group_by(TownshipMarginUpload.id)
            .order_by(TownshipMarginUpload.id.desc()).limit(limit))
    return [(u, n) for u, n in db.session.execute(stmt)]
