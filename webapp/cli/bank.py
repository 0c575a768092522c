"""``flask bank``: seed, import, export, stats, a drawn paper, and the benchmark-point list."""

import json
import random
from pathlib import Path

import click
from flask import current_app

from question_bank.papers import BlueprintError, draw_standard_paper
from question_bank.stats import bank_stats
from question_bank.taxonomy import DEFAULT_DIR
from question_bank.taxonomy.points_file import install_points, validate_points_csv
from webapp.extensions import db
from webapp.services.bank import export_items_file, import_items_file, published_candidates
from webapp.services.seeding import seed_bank
from webapp.services.taxonomy import current_taxonomy, reset_taxonomy


def _taxonomy():
    return current_taxonomy(current_app.config.get("TAXONOMY_DIR"))


@click.group(help="题库")
def bank() -> None:
    pass


@bank.command("seed")
def seed() -> None:
    """Load the seed bank: add new items, bring items still as seeded up to this release's
    text (new versions; the city's own edits are kept). A second run changes nothing."""
    result = seed_bank(_taxonomy())
    if not result.ok:
        db.session.rollback()
        for message in result.messages():
            click.echo(message, err=True)
        raise click.ClickException("种子题库有错误，题库没有任何改动")
    db.session.commit()
    click.echo(f"种子题库：新增 {result.created}，更正 {len(result.corrected)}，"
               f"已是最新 {result.unchanged - len(result.kept_local)}")
    if result.kept_local:
        click.echo(f"本地审核改过的 {len(result.kept_local)} 道题保持不变（新版种子题库的写法与"
                   f"本地不同）：{'、'.join(result.kept_local)}")


@bank.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Import items from .xlsx or .csv; any bad row imports nothing and exits non-zero."""
    result = import_items_file(file.read_bytes(), file.name, _taxonomy(), actor_id=None)
    if not result.ok:
        db.session.rollback()
        for message in result.messages():
            click.echo(message, err=True)
        raise click.ClickException(f"{len(result.errors) or 1} 处错误，未导入任何题目")
    db.session.commit()
    click.echo(f"已导入 {result.created} 道题")


@bank.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export(file: Path) -> None:
    """Export the bank (newest version of every item) to .xlsx or .csv."""
    file.write_bytes(export_items_file(file.name, _taxonomy()))
    click.echo(f"已导出到 {file}")


@bank.command("stats")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象")
def stats(as_json: bool) -> None:
    """Coverage of the published bank by benchmark, dimension, area, group, type, difficulty."""
    result = bank_stats(published_candidates(), _taxonomy())
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        click.echo(f"{key}: {value}")


@bank.command("paper")
@click.option("--seed", "seed_value", type=int, required=True, help="随机种子")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（不含答案）")
def paper(seed_value: int, as_json: bool) -> None:
    """Draw a standard assessment paper (50 items) for a seed, without keys."""
    try:
        items = draw_standard_paper(published_candidates(), random.Random(seed_value))
    except BlueprintError as exc:
        raise click.ClickException(str(exc)) from exc
    payload = {"seed": seed_value, "items": [
        {"item_id": c.item_id, "version": c.version, "type": c.type, "benchmark": c.benchmark,
         "dimension": c.dimension, "areas": list(c.areas)} for c in items]}
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    for c in items:
        click.echo(f"{c.item_id} v{c.version} 基准{c.benchmark} {c.dimension} {c.type}")


@bank.command("points-load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def points_load(file: Path) -> None:
    """Replace the benchmark-point list (基准点) from a CSV file after validating it."""
    taxonomy = _taxonomy()
    rows, errors = validate_points_csv(file.read_text(encoding="utf-8-sig"), taxonomy)
    if errors:
        for message in errors:
            click.echo(message, err=True)
        raise click.ClickException("基准点文件有错误，未做改动")
    target = Path(current_app.config.get("TAXONOMY_DIR") or DEFAULT_DIR)
    install_points(rows, target)
    reset_taxonomy()
    click.echo(f"已载入 {len(rows)} 个基准点到 {target / 'points.csv'}")
