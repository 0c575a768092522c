"""All models, imported here so that Alembic's autogenerate sees every table."""

from webapp.models.division import Division
from webapp.models.item import Item, ItemVersion
from webapp.models.quiz import Answer, Attempt, AttemptItem, ReviewEntry
from webapp.models.resident import Resident
from webapp.models.staff import Staff

__all__ = ["Answer", "Attempt", "AttemptItem", "Division", "Item", "ItemVersion", "Resident",
           "ReviewEntry", "Staff"]
