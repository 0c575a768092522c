"""``flask report``: the yearly monitoring report, township margins, and demo data."""

from pathlib import Path

import click
from flask import current_app

from webapp.extensions import db
from webapp.models import Division
from webapp.models.base import utcnow
from webapp.services.clock import china_day
from webapp.services.monitoring import MonitoringUnavailable, settings_from
from webapp.services.monitoring_demo import insert_demo, remove_demo
from webapp.services.monitoring_files import division_scope, prepare_view, write_report
from webapp.services.monitoring_margins import store_township_upload, townships_under


def _this_year() -> int:
    return china_day(utcnow()).year


@click.group(help="年度监测报告、乡镇人口结构与演示数据")
def report() -> None:
    pass


@report.command("monitoring")
@click.option("--period", type=int, default=None, help="统计年份（北京时间自然年），默认今年")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="输出文件：.xlsx、.html 或 .pdf（无 WeasyPrint 或中文字体时改写 .html）")
@click.option("--division", default=None,
              help="只输出某县或某乡镇范围（区划代码），默认全市")
def monitoring(period: int | None, out: Path, division: str | None) -> None:
    """Write the monitoring report of one year for the city (or one county or township)."""
    settings = settings_from(current_app.config)
    code = division or settings.city_code
    found = db.session.get(Division, code)
    if found is None or not code.startswith(settings.city_code[:4]):
        raise click.ClickException(f"区划代码 {code} 不属于本市 {settings.city_code}")
    try:
        view = prepare_view(settings, period or _this_year(), division_scope(code), utcnow())
    except MonitoringUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    written = write_report(view, out)
    if written != out:
        click.echo("未安装 WeasyPrint 或中文字体，已改为输出可打印的 HTML。", err=True)
    click.echo(f"已写出 {written}（{view.scope_name}，{view.period}年，"
               f"计入 {view.headline['n']} 人）")


@report.command("margins")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def margins(path: Path) -> None:
    """Load township margins (18–69 population) from a .csv or .xlsx file, all-or-nothing."""
    city = current_app.config["CITY_CODE"]
    allowed = {t.code: t.name for t in townships_under(city[:4])}
    outcome = store_township_upload(path.read_bytes(), path.name, allowed=allowed, actor=None,
                                    now=utcnow())
    if not outcome.ok:
        for problem in outcome.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"文件有 {len(outcome.problems)} 处错误，未导入任何数据")
    db.session.commit()
    click.echo(f"已导入 {outcome.upload.township_count} 个乡镇、{outcome.upload.row_count} 行")


@report.command("demo")
@click.option("--residents", type=int, default=3000, show_default=True,
              help="统计年份的演示居民人数（之前各年为其 70%）")
@click.option("--period", type=int, default=None, help="统计年份，默认今年")
@click.option("--years", type=int, default=2, show_default=True,
              help="共生成几年的数据（用于趋势）")
@click.option("--seed", type=int, default=None, help="随机种子（可重复生成同样的数据）")
@click.option("--no-margins", is_flag=True,
              help="不为尚无人口结构的乡镇生成合成人口结构")
@click.option("--remove", is_flag=True, help="只删除演示数据")
def demo(residents: int, period: int | None, years: int, seed: int | None, no_margins: bool,
         remove: bool) -> None:
    """Replace the demo residents (synthetic, self-selected) and their assessments."""
    if remove:
        removed = remove_demo()
        db.session.commit()
        click.echo(f"已删除 {removed} 名演示居民及其测评")
        return
    if residents < 1 or years < 1:
        raise click.ClickException("--residents 与 --years 须为正整数")
    city = current_app.config["CITY_CODE"]
    if db.session.get(Division, city) is None:
        raise click.ClickException(f"没有城市 {city} 的区划，请先运行 flask divisions load")
    settings = settings_from(current_app.config)
    inserted = insert_demo(city, residents, period or _this_year(), years=years,
                           rules=settings.rules, now=utcnow(), seed=seed,
                           margins=not no_margins)
    db.session.commit()
    summary = "，".join(f"{y}年 {n} 人" for y, n in inserted.items())
    click.echo(f"已生成演示居民：{summary}（删除：flask report demo --remove）")
