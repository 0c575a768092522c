"""Lessons and debunks in the app: stats, pages, links both ways, paths, reading progress."""

import json
import re
from html.parser import HTMLParser

from sqlalchemy import select

from tests.web.helpers import attempt_from_location, signed_in_resident, wrong_choice
from webapp.extensions import db
from webapp.models import ContentPage, ItemVersion


def test_content_stats_json_covers_every_benchmark_and_area(runner, content_loaded):
    result = runner.invoke(args=["content", "stats", "--json"])
    data = json.loads(result.output)
    assert set(data) == {"lessons", "debunks", "by_benchmark", "by_area", "by_group", "missing"}
    assert data["lessons"] >= 90 and data["debunks"] >= 40 and data["missing"] == []
    assert set(data["by_benchmark"]) == {str(n) for n in range(1, 27)}


def test_content_load_is_idempotent(runner, content_loaded):
    result = runner.invoke(args=["content", "load"])
    assert result.exit_code == 0 and "新增 0，更新 0" in result.output


def test_every_lesson_ends_with_three_to_five_existing_items(content_loaded):
    lessons = db.session.scalars(select(ContentPage).where(ContentPage.kind == "lesson")).all()
    published = set(
        db.session.scalars(select(ItemVersion.item_id).where(ItemVersion.status == "published"))
    )
    for lesson in lessons:
        assert 3 <= len(lesson.practice_item_ids) <= 5, lesson.slug
        assert set(lesson.practice_item_ids) <= published, lesson.slug


def test_lesson_and_rumour_pages_render(client, content_loaded):
    assert "学一学" in client.get("/learn").get_data(as_text=True)
    html = client.get("/learn?q=高血压").get_data(as_text=True)
    assert "hypertension-control" in html
    lesson = client.get("/learn/cpr-and-aed").get_data(as_text=True)
    assert "记住三点" in lesson and "资料来源" in lesson and "开始练习" in lesson
    assert client.get("/learn/no-such-lesson").status_code == 404
    rumours = client.get("/rumors").get_data(as_text=True)
    assert "microwave-radiation" in rumours
    assert "网传" in client.get("/rumors/microwave-radiation").get_data(as_text=True)


class _SpokenText(HTMLParser):
    """The text of the elements marked data-speak: what the read-aloud button reads."""

    VOID = {"br", "img", "input", "hr", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.depth, self.inside, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.depth += 1
        if not self.inside and "data-speak" in dict(attrs):
            self.inside = self.depth

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.inside == self.depth:
            self.inside = 0
        self.depth -= 1

    def handle_data(self, data):
        if self.inside:
            self.parts.append(data)


def spoken_text(html: str) -> str:
    parser = _SpokenText()
    parser.feed(html)
    return "".join(parser.parts)


def test_read_aloud_reads_a_lessons_title_and_text_not_its_reading_time(client, content_loaded):
    html = client.get("/learn/cpr-and-aed").get_data(as_text=True)
    spoken = spoken_text(html)
    assert "心肺复苏" in spoken and "记住三点" in spoken
    assert "分钟读完" not in spoken and "基准" not in spoken and "资料来源" not in spoken
    # the line names the lesson's topics, not a bare benchmark number
    meta = re.search(r'<p class="muted">(\d+ 分钟读完[^<]*)</p>', html).group(1)
    assert "基准" not in meta and "应急避险" in meta
    # a question is still read with its options
    location = client.get("/practice/daily").location
    version = attempt_from_location(location).items[0].version
    spoken = spoken_text(client.get(location).get_data(as_text=True))
    assert version.stem in spoken and all(text in spoken for text in version.options)


def _listed_slugs(html):
    return re.findall(r'<li><a href="/learn/([^"]+)">', html)


def test_learn_lists_lessons_by_benchmark_and_names_each_benchmark_on_the_page(
        client, content_loaded, taxonomy):
    html = client.get("/learn").get_data(as_text=True)
    listed = _listed_slugs(html)
    lessons = {p.slug: p for p in db.session.scalars(
        select(ContentPage).where(ContentPage.kind == "lesson"))}
    assert sorted(listed) == sorted(lessons)
    # lessons on one subject stand together, in the order of the 基准, not of English slugs
    main = [lessons[slug].benchmarks[0] for slug in listed]
    assert main == sorted(main) and main[0] == 1
    # each benchmark says what it is in text a phone shows (a title tooltip it does not)
    for number, benchmark in taxonomy.benchmarks.items():
        assert re.search(rf'href="/learn\?benchmark={number}"[^>]*><span>{number}</span>'
                         rf"{re.escape(benchmark.title)}</a>", html), number
    assert 'title="' not in html[html.index("<details"):html.index("</details>")]
    # within one benchmark too
    cpr = _listed_slugs(client.get("/learn?benchmark=24").get_data(as_text=True))
    assert cpr == sorted(cpr, key=lambda slug: (lessons[slug].benchmarks, lessons[slug].title))
    # rumours the same way: all name 基准 8 first, then their subject
    rumours = re.findall(r'<li><a href="/rumors/([^"]+)">', client.get("/rumors").get_data(
        as_text=True))
    debunks = {p.slug: p for p in db.session.scalars(
        select(ContentPage).where(ContentPage.kind == "debunk"))}
    assert len(rumours) == len(debunks) > 0
    assert rumours == sorted(rumours, key=lambda slug: (debunks[slug].benchmarks,
                                                         debunks[slug].title))


def test_search_takes_percent_and_underscore_literally(client, content_loaded):
    with_percent = sorted(db.session.scalars(select(ContentPage.slug).where(
        ContentPage.kind == "lesson", ContentPage.search_text.contains("%", autoescape=True))))
    assert 0 < len(with_percent) < 10
    assert sorted(_listed_slugs(client.get("/learn?q=%25").get_data(as_text=True))) \
        == with_percent
    html = client.get("/learn?q=_").get_data(as_text=True)
    assert _listed_slugs(html) == [] and "没有找到相关的文章" in html


def test_search_lists_title_matches_first(client, content_loaded):
    # 高血压 is in the title of hypertension-control and only in the text of diabetes-basics
    listed = _listed_slugs(client.get("/learn?q=高血压").get_data(as_text=True))
    assert "diabetes-basics" in listed
    assert listed[0] == "hypertension-control"


def test_search_matches_full_width_and_either_case(client, content_loaded):
    """Phone keyboards in Chinese mode type ＡＩ or ai; both find the AI lesson, as AI does."""
    found = _listed_slugs(client.get("/learn?q=AI").get_data(as_text=True))
    assert "artificial-intelligence-basics" in found
    for typed in ("ＡＩ", "ai", "ａｉ"):
        assert _listed_slugs(client.get(f"/learn?q={typed}").get_data(as_text=True)) == found
    app_found = _listed_slugs(client.get("/learn?q=App，96110").get_data(as_text=True))
    assert "anti-fraud-app-and-96110" in app_found


def test_failed_item_reaches_its_lesson_in_one_tap(client, content_loaded):
    attempt = attempt_from_location(client.get("/practice/daily").location)
    ai = attempt.items[0]
    feedback = client.post(
        f"/practice/{attempt.public_id}/answer",
        data={"position": 1, "choice": list(wrong_choice(ai))},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "学一学：" in feedback
    link = feedback.split('class="learn" href="')[1].split('"')[0]
    page = client.get(link)
    assert page.status_code == 200 and "记住三点" in page.get_data(as_text=True)


def test_lesson_practice_starts_its_items(client, content_loaded):
    lesson = db.session.scalar(select(ContentPage).where(ContentPage.slug == "cpr-and-aed"))
    attempt = attempt_from_location(client.post("/learn/cpr-and-aed/practice").location)
    assert {ai.version.item_id for ai in attempt.items} == set(lesson.practice_item_ids)


def test_home_shows_learning_path_and_progress(client, content_loaded):
    signed_in_resident(client, occupation="farmer", birth_year=1975)
    home = client.get("/").get_data(as_text=True)
    assert "农民朋友的学习路径" in home and "已读 0 /" in home
    client.post("/learn/pesticide-safe-use/done")
    assert "已读 1 /" in client.get("/").get_data(as_text=True)


def test_learn_more_link_follows_the_item_not_only_its_benchmark(content_loaded):
    from webapp.services.learning_links import lesson_link_for

    # benchmark 20 has several lessons; a gas-leak item must lead to the gas-leak lesson and a
    # CPR item to the CPR lesson, not to whichever of the benchmark's lessons sorts first
    for fragment, slug in (("燃气泄漏时", "gas-leak-response"), ("胸外按压", "cpr-and-aed")):
        version = db.session.scalar(select(ItemVersion).where(
            ItemVersion.stem.contains(fragment), ItemVersion.status == "published"))
        link = lesson_link_for(version.benchmark, version.areas,
                               version.stem + version.explanation)
        assert link.values == {"slug": slug}, (fragment, link.title)
