"""Phones on slow networks keep the stylesheet and script for a year (their links change with
their content); pages are never kept by a shared cache."""

from __future__ import annotations

import os
import re

from webapp.assets import asset_url


def _asset_links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_assets_are_linked_by_content_and_kept_for_a_year(client):
    home = client.get("/")
    links = _asset_links(home.get_data(as_text=True))
    assert {link.split("?")[0] for link in links} >= {"/static/css/app.css", "/static/js/app.js"}
    for link in links:
        assert re.search(r"\?v=[0-9a-f]{10}$", link), link
        response = client.get(link)
        assert response.status_code == 200
        assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.public
        assert "immutable" in response.headers["Cache-Control"]
    assert home.headers["Cache-Control"] == "private, no-cache"


def test_an_old_or_made_up_version_is_not_kept(client):
    response = client.get("/static/css/app.css?v=0123456789")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")
    assert response.cache_control.max_age is None


def test_a_changed_file_gets_a_new_link(app, tmp_path, monkeypatch):
    css = tmp_path / "a.css"
    css.write_text("body{color:#000}")
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    with app.test_request_context():
        before = asset_url("a.css")
        written = css.stat().st_mtime_ns
        css.write_text("body{color:#111}")  # the same size
        # as a release would, a second later: two writes this close may get the same mtime
        # (file times tick in jiffies on many kernels), and the digest is kept per mtime
        os.utime(css, ns=(written + 10**9, written + 10**9))
        after = asset_url("a.css")
    assert before != after and before.split("?")[0] == after.split("?")[0] == "/static/a.css"


def test_a_signed_in_residents_page_is_not_kept_by_shared_caches(client):
    from tests.web.helpers import signed_in_resident

    signed_in_resident(client, phone="13812345678")
    assert client.get("/me").headers["Cache-Control"] == "private, no-cache"
