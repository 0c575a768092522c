"""A newcomer on a phone: practise as a guest, register, take the assessment with a reload
and a double tap in the middle, and read the result. Elderly mode and read-aloud."""

import re

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import WECHAT_UA, shot
from webapp.extensions import db
from webapp.models import Answer, AttemptItem

pytestmark = pytest.mark.browser


def answer_current(page):
    """Tick the first option (two for a multiple-choice item) and submit."""
    options = page.locator("label.option input")
    options.nth(0).check()
    if page.locator("p.hint").count():
        options.nth(1).check()
    with page.expect_navigation():
        page.locator("button.submit").click()


def position_of(page) -> int:
    return int(page.locator("input[name=position]").get_attribute("value"))


def test_guest_practice_shows_explanation_after_wrong_answer(phone, content_loaded):
    phone.goto("/")
    shot(phone, "01-home-guest")
    with phone.expect_navigation():
        phone.get_by_text("每日一练").first.click()
    phone.locator("legend.stem").wait_for()
    shot(phone, "02-question")
    # answer until one is wrong (the page tells either way)
    for _ in range(10):
        answer_current(phone)
        verdict = phone.locator(".verdict").inner_text()
        assert phone.locator(".explanation").is_visible()
        if "答错了" in verdict:
            shot(phone, "03-feedback-wrong")
            assert "正确答案" in phone.content()
            assert phone.locator("a.learn").count() == 1
            break
        with phone.expect_navigation():
            phone.get_by_text("下一题").click()
    else:
        pytest.fail("ten first-option answers were all right")


def test_register_practise_and_take_the_assessment(phone, browser, live_server, content_loaded):
    phone.goto("/register")
    phone.fill("#phone", "13812345678")
    phone.fill("#password", "mima123456")
    phone.fill("#confirm", "mima123456")
    phone.check("#consent")
    shot(phone, "04-register")
    with phone.expect_navigation():
        phone.get_by_role("button", name="注册").click()
    # profile, one level at a time (JavaScript submits on change)
    phone.select_option("#county", label="冷水江市")
    phone.wait_for_selector("#township")
    phone.select_option("#township", index=1)
    phone.wait_for_selector("#village_code")
    phone.select_option("#village_code", index=1)
    phone.check("input[name=sex][value=f]")
    phone.fill("#birth_year", "1962")
    phone.check("input[name=education][value=junior]")
    phone.check("input[name=occupation][value=farmer]")
    shot(phone, "05-profile")
    with phone.expect_navigation():
        phone.get_by_role("button", name="保存").click()
    assert "个人信息已保存" in phone.content()

    with phone.expect_navigation():
        phone.get_by_text("每日一练").first.click()
    answer_current(phone)
    phone.locator(".verdict").wait_for()

    phone.goto("/assessment")
    shot(phone, "06-assessment-landing")
    with phone.expect_navigation():
        phone.get_by_role("button", name="开始测评").click()
    url = phone.url
    for _ in range(20):
        answer_current(phone)
    assert position_of(phone) == 21
    phone.reload()
    assert position_of(phone) == 21  # a reload resumes at the same item
    # a double tap on submit stores one answer and moves one item on
    phone.locator("label.option input").nth(0).check()
    if phone.locator("p.hint").count():
        phone.locator("label.option input").nth(1).check()
    with phone.expect_navigation():
        phone.locator("button.submit").dblclick()
    assert position_of(phone) == 22
    # leave and come back on another phone
    other = browser.new_context(viewport={"width": 375, "height": 667}, base_url=live_server)
    page2 = other.new_page()
    page2.goto("/login")
    page2.fill("#phone", "13812345678")
    page2.fill("#password", "mima123456")
    with page2.expect_navigation():
        page2.get_by_role("button", name="登录").click()
    page2.goto(url)
    assert position_of(page2) == 22
    other.close()
    for _ in range(29):
        answer_current(phone)
    assert "/result" in phone.url
    text = phone.content()
    assert re.search(r"<b>\d+</b> 分", text)
    assert "四个方面的得分" in text and "每道题的解析" in text
    shot(phone, "07-result")
    stored = db.session.scalar(select(func.count(Answer.id)).join(AttemptItem))
    assert stored == 51  # 1 practice answer + 50 assessment answers, none lost or doubled


def test_elderly_mode_enlarges_text_and_offers_read_aloud(phone, content_loaded):
    phone.goto("/")
    with phone.expect_navigation():
        phone.get_by_role("button", name="长辈模式").click()
    size = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 20
    line = phone.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    assert line / size >= 1.5
    with phone.expect_navigation():
        phone.get_by_text("每日一练").first.click()
    target = phone.locator("label.option").first.bounding_box()
    assert target["height"] >= 48
    submit = phone.locator("button.submit").bounding_box()  # in sight without scrolling
    assert submit["y"] + submit["height"] <= phone.locator(".tabs").bounding_box()["y"]
    speak = phone.locator("button.speak")
    has_speech = phone.evaluate("'speechSynthesis' in window")
    assert speak.is_visible() == has_speech
    shot(phone, "08-question-elderly")
    phone.goto("/learn/cpr-and-aed")
    assert phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20
    shot(phone, "09-lesson-elderly")
    phone.goto("/learn")
    assert phone.locator("summary").first.bounding_box()["height"] >= 48  # folded lists too


def test_checkboxes_and_radio_buttons_are_big_enough_to_tap(phone, content_loaded):
    def sizes(selector):
        return phone.locator(selector).evaluate_all(
            "els => els.map(e => Math.min(e.getBoundingClientRect().width,"
            " e.getBoundingClientRect().height))")

    phone.goto("/register")
    assert sizes("#consent") and min(sizes("#consent")) >= 22  # standard mode
    phone.fill("#phone", "13812345679")
    phone.fill("#password", "mima123456")
    phone.fill("#confirm", "mima123456")
    phone.check("#consent")
    with phone.expect_navigation():
        phone.get_by_role("button", name="注册").click()
    for menu, code in (("#county", "431381"), ("#township", "431381001")):
        with phone.expect_navigation():  # choosing a place moves to the next step
            phone.select_option(menu, code)
    radios = sizes("input[type=radio]")
    assert radios and min(radios) >= 22
    phone.goto("/practice/daily")
    assert min(sizes("label.option input")) >= 22
    with phone.expect_navigation():
        phone.get_by_role("button", name="长辈模式").click()
    phone.goto("/profile")
    for menu, code in (("#county", "431381"), ("#township", "431381001")):
        with phone.expect_navigation():
            phone.select_option(menu, code)
    assert min(sizes("input[type=radio]")) >= 28  # elderly mode: larger still
    phone.goto("/practice/daily")
    assert min(sizes("label.option input")) >= 28


def test_core_flow_works_without_javascript(browser, live_server, content_loaded):
    context = browser.new_context(viewport={"width": 360, "height": 640}, base_url=live_server,
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    with page.expect_navigation():
        page.get_by_text("每日一练").first.click()
    for _ in range(3):
        answer_current(page)
        page.locator(".verdict").wait_for()
        with page.expect_navigation():
            page.get_by_text("下一题").click()
    assert position_of(page) == 4
    shot(page, "10-no-javascript")
    context.close()


def test_read_aloud_is_hidden_when_the_phone_has_no_chinese_voice(browser, live_server,
                                                                  seeded_bank):
    def question_page(voices: str):
        context = browser.new_context(viewport={"width": 375, "height": 667},
                                      base_url=live_server, locale="zh-CN")
        context.add_init_script(
            "if (window.speechSynthesis) { window.speechSynthesis.getVoices = function () "
            f"{{ return {voices}; }}; }}")
        page = context.new_page()
        page.goto("/practice/daily")
        return context, page

    english_only, page = question_page('[{"lang": "en-US", "name": "English"}]')
    assert page.evaluate("'speechSynthesis' in window")  # Debian's Chromium has the API
    assert page.locator("button.speak").count() == 1
    assert not page.locator("button.speak").is_visible()
    english_only.close()
    with_chinese, page = question_page('[{"lang": "en-US"}, {"lang": "zh-CN", "name": "婷婷"}]')
    assert page.locator("button.speak").is_visible()
    with_chinese.close()


def test_read_aloud_reads_a_lessons_title_and_text_only(browser, live_server, content_loaded):
    context = browser.new_context(viewport={"width": 375, "height": 667}, base_url=live_server,
                                  locale="zh-CN")
    # no voices listed yet (as on many phones at first): the button shows; speech is recorded
    context.add_init_script(
        "if (window.speechSynthesis) { window.speechSynthesis.getVoices = function () "
        "{ return []; }; window.spoken = []; "
        "window.speechSynthesis.speak = function (u) { window.spoken.push(u.text); }; }")
    page = context.new_page()
    page.goto("/learn/cpr-and-aed")
    page.locator("button.speak").click()
    spoken = page.evaluate("window.spoken.join('')")
    assert spoken.startswith("心肺复苏") and "记住三点" in spoken
    assert "分钟读完" not in spoken and "资料来源" not in spoken
    assert not re.search(r"[。？！；：]。", spoken)  # a pause between parts, not a doubled stop
    context.close()


def test_read_aloud_pauses_once_between_a_question_and_its_options(browser, live_server,
                                                                   seeded_bank):
    """A stem ending in ？ is followed by its options, not by ？。 (which some voices read
    as two pauses or say aloud); an option without a stop gets one."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, base_url=live_server,
                                  locale="zh-CN", user_agent=WECHAT_UA)
    context.add_init_script(
        "if (window.speechSynthesis) { window.speechSynthesis.getVoices = function () "
        "{ return []; }; window.spoken = []; "
        "window.speechSynthesis.speak = function (u) { window.spoken.push(u.text); }; }")
    page = context.new_page()
    page.goto("/practice/daily")
    stem = page.locator("#stem").inner_text().rstrip("？?。") + "？"
    page.evaluate("s => { document.getElementById('stem').textContent = s; }", stem)
    page.locator("button.speak").click()
    spoken = page.evaluate("window.spoken.join('')")
    assert spoken.startswith(stem + "A")
    assert not re.search(r"[。？！；：]。", spoken)
    assert spoken.count("。") >= page.locator("label.option").count() - 1
    context.close()


def test_a_stalled_answer_can_be_sent_again(phone, content_loaded):
    """On a slow network the disabled button comes back after 15 s, and coming back to a page
    the phone kept gives the button back at once; the tap after that gets its feedback."""
    def button_state():
        return tuple(phone.evaluate(
            "() => { const b = document.querySelector('button.submit');"
            " return [b.disabled, b.textContent]; }"))

    phone.clock.install()
    phone.goto("/")
    with phone.expect_navigation():
        phone.get_by_text("每日一练").first.click()
    phone.locator("legend.stem").wait_for()
    sent = []

    def no_reply(route):  # 204: the phone stays on the page, as while a reply is still coming
        sent.append(route.request.url)
        route.fulfill(status=204)

    phone.route("**/answer", no_reply)
    options = phone.locator("label.option input")
    options.nth(0).check()
    if phone.locator("p.hint").count():
        options.nth(1).check()
    phone.locator("button.submit").click()
    phone.clock.run_for(1_000)
    assert button_state() == (True, "正在提交…")
    phone.clock.run_for(15_000)
    assert button_state() == (False, "网络较慢，请再点一次")

    phone.evaluate("document.querySelector('button.submit').disabled = true")
    phone.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert button_state() == (False, "提交答案")  # back on a kept page: as it first said

    assert len(sent) == 1
    phone.unroute_all()
    with phone.expect_navigation():
        phone.locator("button.submit").click()
    assert phone.locator(".verdict").is_visible() and phone.locator(".explanation").is_visible()
