"""Blueprint ``quiz``: the residents' pages."""

from flask import Blueprint

bp = Blueprint("quiz", __name__)
