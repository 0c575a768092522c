"""All models, imported here so that Alembic's autogenerate sees every table."""

from webapp.models.content import ContentPage, ReadingProgress
from webapp.models.division import Division
from webapp.models.item import Item, ItemVersion
from webapp.models.quiz import Answer, Attempt, AttemptItem, ReviewEntry
from webapp.models.resident import Resident
from webapp.models.staff import Staff

__all__ = ["Answer", "Attempt", "AttemptItem", "ContentPage", "Division", "Item", "ItemVersion",
           "ReadingProgress", "Resident", "ReviewEntry", "Staff"]
