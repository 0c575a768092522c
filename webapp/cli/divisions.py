"""``flask divisions load``: the configured city's division tree."""

import click
from flask import current_app

from webapp.extensions import db
from webapp.services.divisions import CITY_CODES, load_divisions


@click.group(help="行政区划（市 → 县 → 乡镇 → 村/社区）")
def divisions() -> None:
    pass


@divisions.command("load")
@click.option(
    "--city",
    "city_code",
    default=None,
    help="城市代码（6 位），默认取配置 CITY_CODE（431300 娄底市）",
)
def load(city_code: str | None) -> None:
    """Load or update the city's divisions and 2020 census totals (idempotent)."""
    city_code = city_code or current_app.config["CITY_CODE"]
    if city_code not in CITY_CODES:
        raise click.ClickException(
            f"城市代码 {city_code} 不在区划数据中（{', '.join(CITY_CODES)}）"
        )
    added, updated = load_divisions(city_code)
    db.session.commit()
    click.echo(f"区划 {city_code}：新增 {added}，更新 {updated}")
