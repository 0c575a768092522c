"""The question bank: taxonomy, item types, validation, file formats and paper drawing.

Plain Python: never imports Flask, SQLAlchemy or ``webapp``.
"""
