"""The baseline for bench/answers.py: the smallest Flask endpoint, served by the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.post("/ok")
def ok():
    return "ok"
