"""``flask content``: load lessons and debunks, and print coverage."""

import json

import click
from flask import current_app

from content.loaders import ContentError
from webapp.extensions import db
from webapp.services.content import load_content, stats
from webapp.services.taxonomy import current_taxonomy


@click.group(help="科普内容（微课、辟谣）")
def content() -> None:
    pass


@content.command("load")
def load() -> None:
    """Import every lesson and debunk (idempotent); a bad file stops with its name and reason."""
    try:
        result = load_content(current_taxonomy(current_app.config.get("TAXONOMY_DIR")))
    except ContentError as exc:
        db.session.rollback()
        raise click.ClickException(f"内容文件有错误，未做改动：{exc}") from exc
    db.session.commit()
    click.echo(f"科普内容：新增 {result.added}，更新 {result.updated}，未变 {result.unchanged}")


@content.command("stats")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象")
def stats_command(as_json: bool) -> None:
    """Lessons and debunks per benchmark, area and group; ``missing`` must be empty."""
    try:
        result = stats(current_taxonomy(current_app.config.get("TAXONOMY_DIR")))
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        click.echo(f"{key}: {value}")
