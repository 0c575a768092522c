"""Blueprint ``auth``: sign-in and sign-out for residents and staff."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
