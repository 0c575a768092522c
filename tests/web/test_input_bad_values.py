"""Bad values in links and forms get a Chinese page a resident can act on, never a 500:
an unknown benchmark or area, a position number too large for SQL, a QR path too long, a NUL
byte."""

from __future__ import annotations

import pytest

from tests.staff.factories import PASSWORD, make_staff
from tests.web.helpers import signed_in_resident

HUGE = "9" * 25  # SQLite cannot bind it; PostgreSQL refuses it for an INTEGER column
STALE_LINK = "没有找到链接里的这个专题，可能链接已过期。您可以看看下面的文章。"
NO_SUCH_POSITION = "题号不存在"
NOT_FOUND = "页面不存在，可能链接已过期。"
QR_TOO_LONG = "链接太长，无法生成二维码（不超过 300 个字符）。"

# (method, url, form, expected status after following redirects, Chinese text on the page)
CASES = [
    ("GET", "/learn?benchmark=27", None, 200, STALE_LINK),
    ("GET", "/learn?benchmark=99", None, 200, STALE_LINK),
    ("GET", "/learn?benchmark=-1", None, 200, STALE_LINK),
    ("GET", "/learn?benchmark=abc", None, 200, STALE_LINK),
    ("GET", f"/learn?benchmark={HUGE}", None, 200, STALE_LINK),
    ("GET", "/learn?area=no-such-area", None, 200, STALE_LINK),
    ("POST", "/assessment/{assessment}/answer", {"position": HUGE, "choice": "A"}, 200,
     NO_SUCH_POSITION),
    ("POST", "/assessment/{assessment}/answer", {"position": "-5", "choice": "A"}, 200,
     NO_SUCH_POSITION),
    ("POST", "/practice/{practice}/answer", {"position": HUGE, "choice": "A"}, 200,
     NO_SUCH_POSITION),
    ("POST", "/practice/{practice}/answer", {"position": "1001", "choice": "A"}, 200,
     NO_SUCH_POSITION),
    ("GET", f"/practice/{{practice}}/{HUGE}", None, 404, NOT_FOUND),
    ("GET", "/practice/{practice}/1001", None, 404, NOT_FOUND),
    ("POST", f"/practice/{{practice}}/{HUGE}/flag", {"reason": "wrong_key"}, 404, NOT_FOUND),
    ("GET", f"/staff/ledger/{HUGE}", None, 404, NOT_FOUND),
    ("GET", f"/staff/items?benchmark={HUGE}", None, 200, "题目审核"),  # the filter is dropped
    ("GET", f"/staff/audit?staff_id={HUGE}", None, 200, "审计日志"),
    ("POST", "/practice/topic", {"benchmark": HUGE}, 400, "请求有误"),
    ("GET", "/qr?path=/" + "a" * 3000, None, 400, QR_TOO_LONG),
    # a NUL byte: PostgreSQL cannot compare or store text holding one
    ("GET", "/learn?q=a%00b", None, 400, "请求有误"),
    ("GET", "/competitions/entry/a%00b", None, 400, "请求有误"),
    ("POST", "/assessment/{assessment}/answer", {"position": "1", "choice": "A\x00"}, 400,
     "请求有误"),
]


@pytest.fixture
def attempts(client, seeded_bank, content_loaded):
    """A signed-in resident with an open assessment and a practice attempt, both unanswered."""
    signed_in_resident(client)
    assessment = client.post("/assessment/start").location.rstrip("/").split("/")[-1]
    practice = client.get("/practice/daily").location.rstrip("/").split("/")[-1]
    return {"assessment": assessment, "practice": practice}


@pytest.mark.parametrize(("method", "url", "form", "status", "text"), CASES,
                         ids=[f"{c[0]} {c[1][:45]} {c[2] or ''}"[:80] for c in CASES])
def test_bad_input_gets_a_chinese_answer_not_a_500(app, client, attempts, method, url, form,
                                                   status, text):
    if url.startswith("/staff/"):
        client = app.test_client()
        staff = make_staff("city_admin")
        signed_in = client.post("/staff/login", data={"phone": staff.phone, "password": PASSWORD})
        assert signed_in.status_code == 302
    response = client.open(url.format(**attempts), method=method, data=form,
                           follow_redirects=True)
    assert response.status_code == status
    assert text in response.get_data(as_text=True)


def test_an_unknown_benchmark_still_lists_every_lesson(client, content_loaded):
    everything = client.get("/learn").get_data(as_text=True)
    stale = client.get("/learn?benchmark=27").get_data(as_text=True)
    assert STALE_LINK not in everything
    assert stale.count('<li><a href="/learn/') == everything.count('<li><a href="/learn/') > 0


def test_a_known_benchmark_is_still_a_filter_with_its_title(client, content_loaded, taxonomy):
    html = client.get("/learn?benchmark=1").get_data(as_text=True)
    assert STALE_LINK not in html
    assert f"基准 1：{taxonomy.benchmarks[1].title}" in html


def test_a_qr_path_of_300_characters_is_still_drawn(client):
    response = client.get("/qr?path=/" + "a" * 299)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
