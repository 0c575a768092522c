"""All models, imported here so that Alembic's autogenerate sees every table."""

from webapp.models.division import Division
from webapp.models.item import Item, ItemVersion
from webapp.models.staff import Staff

__all__ = ["Division", "Item", "ItemVersion", "Staff"]
