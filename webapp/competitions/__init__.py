"""Blueprint ``competitions``: residents' listings, entry, answering and standings."""

from flask import Blueprint

bp = Blueprint("competitions", __name__)
