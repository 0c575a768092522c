"""Scoring: per-attempt rules, and population estimates of the share meeting the standard.

Plain Python (pandas/NumPy/SciPy); never imports Flask, SQLAlchemy or ``webapp``. The monitoring
estimates flow: ``respondents`` → ``weighting.calibrate`` → ``estimation`` / ``small_area`` →
``reports.build_report``. See ``scoring/METHOD.md``.
"""
