"""``flask staff create`` and the first city administrator made by ``./run.sh``."""

import click
from flask import current_app

from webapp.extensions import db
from webapp.models.staff import ROLES
from webapp.services.staff import StaffError, create_staff, generate_password, has_city_admin


@click.group(help="工作人员账号")
def staff() -> None:
    pass


@staff.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True, help="角色")
@click.option("--division", "division_code", required=True, help="所属行政区划代码")
@click.option("--phone", required=True, help="登录手机号（11 位）")
@click.option("--name", required=True, help="姓名")
@click.option("--password", default=None, help="密码；不填则生成并显示一次")
def create(role: str, division_code: str, phone: str, name: str, password: str | None) -> None:
    """Create a staff account; prints a generated password when none is given."""
    generated = password is None
    password = password or generate_password()
    try:
        account = create_staff(role, division_code, phone, name, password)
    except StaffError as exc:
        raise click.ClickException(str(exc)) from exc
    account.must_change_password = generated  # a password shown on a screen is changed first
    db.session.commit()
    click.echo(f"已创建 {name}（{phone}，{role}，{division_code}）")
    if generated:
        click.echo(f"初始密码（只显示这一次，请妥善保管）：{password}")


@staff.command("ensure-city-admin")
@click.option("--phone", default="13800000000", show_default=True, help="管理员登录手机号")
def ensure_city_admin(phone: str) -> None:
    """Create the city administrator on first run only; prints its password once."""
    city = current_app.config["CITY_CODE"]
    if has_city_admin(city):
        click.echo("市级管理员已存在，未做改动")
        return
    password = generate_password()
    try:
        account = create_staff("city_admin", city, phone, "市级管理员", password)
    except StaffError as exc:
        raise click.ClickException(str(exc)) from exc
    account.must_change_password = True
    db.session.commit()
    click.echo(f"已创建市级管理员：登录手机号 {phone}，初始密码 {password}")
    click.echo("（密码只显示这一次，请立即登录 /staff/login 修改）")
