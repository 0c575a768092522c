"""Learning content: lessons (微课) and rumour debunks (辟谣) as Markdown with front matter.

Plain Python: never imports Flask, SQLAlchemy or ``webapp``.
"""
