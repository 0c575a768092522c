"""Residents' pages."""

from flask import render_template

from webapp.quiz import bp

__all__ = ["bp"]


@bp.get("/")
def home():
    return render_template("quiz/home.html")
