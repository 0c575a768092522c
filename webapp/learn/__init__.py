"""Blueprint ``learn``: lessons (微课) and rumour debunks (辟谣) for residents."""

from flask import Blueprint

bp = Blueprint("learn", __name__)
