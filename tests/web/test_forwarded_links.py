"""Links residents forward in WeChat: 转发 sends the address on screen, so a friend may open
someone's question or result page. They get the public page to start from, never the
other's attempt."""

import re

from tests.web.helpers import attempt_from_location, signed_in_resident, start_assessment


def _og_url(html: str) -> str:
    return re.search(r'<meta property="og:url" content="([^"]+)">', html).group(1)


def test_personal_pages_share_the_public_page_to_start_from(client, seeded_bank):
    signed_in_resident(client)
    practice = client.get("/practice/daily").location
    html = client.get(practice).get_data(as_text=True)
    assert _og_url(html).endswith("/practice/daily")
    assert '<meta property="og:title" content="每日一练：每天 10 道科学小题">' in html
    attempt = start_assessment(client)
    question = client.get(f"/assessment/{attempt.public_id}").get_data(as_text=True)
    assert _og_url(question).endswith("/assessment")
    assert attempt.public_id not in re.search(r"<head>.*</head>", question, re.S).group(0)
    privacy = client.get("/privacy").get_data(as_text=True)  # public pages share themselves
    assert _og_url(privacy).endswith("/privacy")


def test_a_friend_opening_a_forwarded_attempt_is_shown_where_to_start(client, app,
                                                                     seeded_bank):
    signed_in_resident(client)
    attempt = start_assessment(client)
    friend = app.test_client()
    signed_in_resident(friend, phone="13912345678")
    for path in (f"/assessment/{attempt.public_id}", f"/assessment/{attempt.public_id}/result",
                 "/assessment/no-such-attempt"):
        response = friend.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "别人的答题页" in html and 'href="/assessment"' in html
        assert 'href="/practice/daily"' in html


def test_a_guest_sent_to_sign_in_from_a_forwarded_link_can_practise_instead(client, app,
                                                                           seeded_bank):
    owner = app.test_client()
    signed_in_resident(owner)
    practice = attempt_from_location(owner.get("/practice/daily").location)
    page = client.get(f"/practice/{practice.public_id}", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "<h1>登录</h1>" in html and "别人转发给您的答题链接" in html
    assert 'href="/practice/daily"' in html


def test_the_sign_in_page_on_the_way_to_the_assessment_shares_the_assessment(client):
    html = client.get("/assessment", follow_redirects=True).get_data(as_text=True)
    assert "<h1>登录</h1>" in html and _og_url(html).endswith("/assessment")
    assert '<meta property="og:title" content="科学素质测评：测一测您的科学素质">' in html
    plain = client.get("/login?next=https://elsewhere.example/x").get_data(as_text=True)
    assert _og_url(plain).endswith("/login")
