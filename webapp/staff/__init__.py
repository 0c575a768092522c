"""Blueprint ``staff``: pages for science-association staff under /staff/, guarded as a whole."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
