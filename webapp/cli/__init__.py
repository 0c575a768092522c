"""Command-line groups registered on the app.

``flask divisions``, ``flask bank``, ``flask content``, ``flask staff``, ``flask report``.
"""

from flask import Flask

from webapp.cli.bank import bank
from webapp.cli.content import content
from webapp.cli.divisions import divisions
from webapp.cli.report import report
from webapp.cli.staff import staff


def register_cli(app: Flask) -> None:
    for group in (divisions, bank, content, staff, report):
        app.cli.add_command(group)
