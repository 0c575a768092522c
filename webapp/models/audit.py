"""The audit log (审计日志): who changed or saw what in staff pages. Append-only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import UTCDateTime, utcnow

ACTIONS = ("create", "update", "revoke", "import", "export", "reveal", "login")


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: the acting staff member; None for the system (an online result entering the ledger).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    staff_role: Mapped[str | None] = mapped_column(String(20))
    #: the division the data belongs to (a village, township...), for filtering.
    division_code: Mapped[str | None] = mapped_column(String(12), index=True)
    action: Mapped[str] = mapped_column(String(10), index=True)
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(300))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(45))

    def __repr__(self) -> str:
        return f"<AuditEvent id={self.id} {self.action} {self.object_type}:{self.object_id}>"


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
def _no_update(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit events are never changed")


@event.listens_for(AuditEvent, "before_delete")
def _no_delete(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit events are never deleted")
