"""All models, imported here so that Alembic's autogenerate sees every table."""

from webapp.models.audit import AuditEvent
from webapp.models.competition import (
    Competition,
    CompetitionEntryPlace,
    CompetitionEntryReviewed,
    CompetitionEntryUnit,
    CompetitionItem,
    CompetitionUnit,
)
from webapp.models.content import ContentPage, ReadingProgress
from webapp.models.division import Division
from webapp.models.flag import ItemFlag
from webapp.models.item import Item, ItemVersion
from webapp.models.ledger import LedgerEntry
from webapp.models.monitoring import DemoResident, TownshipMargin, TownshipMarginUpload
from webapp.models.quiz import Answer, Attempt, AttemptItem, ReviewEntry
from webapp.models.resident import Resident
from webapp.models.roster import RosterEntry
from webapp.models.sample import MonitoringSample, SampleMember
from webapp.models.staff import Staff

__all__ = ["Answer", "Attempt", "AttemptItem", "AuditEvent", "Competition",
           "CompetitionEntryPlace", "CompetitionEntryReviewed", "CompetitionEntryUnit",
           "CompetitionItem", "CompetitionUnit", "ContentPage", "DemoResident",
           "Division", "Item", "ItemFlag", "ItemVersion", "LedgerEntry",
           "MonitoringSample", "ReadingProgress", "Resident", "ReviewEntry",
           "RosterEntry", "SampleMember", "Staff", "TownshipMargin",
           "TownshipMarginUpload"]
