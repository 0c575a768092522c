"""Content files: validation names the file and the reason; rendering lets no HTML through."""

import textwrap

import pytest

from content.loaders import ContentError, load_debunks, load_lessons, parse_debunk, parse_lesson
from content.render import render_markdown

BENCH, AREAS, GROUPS = set(range(1, 27)), {"health", "emergency"}, {"elderly", "farmer"}
BODY = "正文" * 200 + "\n\n## 记住三点\n\n1. 第一条\n2. 第二条\n3. 第三条\n"


def write(tmp_path, name, meta, body=BODY):
    path = tmp_path / name
    path.write_text(f"---\n{textwrap.dedent(meta).strip()}\n---\n\n{body}", encoding="utf-8")
    return path


GOOD = """
    slug: good-lesson
    title: 好文章
    summary: 一句话
    benchmarks: [17]
    areas: [health]
    groups: [elderly]
    reading_minutes: 3
    sources: [国家卫生健康委]
    reviewed: 2026-11-23
"""


def test_parse_lesson_reads_a_good_file(tmp_path):
    lesson = parse_lesson(write(tmp_path, "good-lesson.md", GOOD), BENCH, AREAS, GROUPS)
    assert lesson.title == "好文章" and lesson.takeaways == ("第一条", "第二条", "第三条")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("slug: good-lesson", "slug: other"), "slug"),
        (("benchmarks: [17]", "benchmarks: [40]"), "基准"),
        (("areas: [health]", "areas: [cooking]"), "专题"),
        (("groups: [elderly]", "groups: [aliens]"), "重点人群"),
        (("reviewed: 2026-11-23", "reviewed: soon"), "reviewed"),
        (("sources: [国家卫生健康委]", "sources: []"), "sources"),
    ],
)
def test_parse_lesson_names_file_and_reason(tmp_path, change, reason):
    path = write(tmp_path, "good-lesson.md", GOOD.replace(*change))
    with pytest.raises(ContentError) as info:
        parse_lesson(path, BENCH, AREAS, GROUPS)
    assert info.value.file == "good-lesson.md" and reason in info.value.reason


def test_parse_lesson_checks_length_takeaways_and_html(tmp_path):
    short = write(tmp_path, "good-lesson.md", GOOD, body="太短\n## 记住三点\n1. a\n2. b\n3. c")
    with pytest.raises(ContentError, match="汉字"):
        parse_lesson(short, BENCH, AREAS, GROUPS)
    two = write(tmp_path, "good-lesson.md", GOOD, body=BODY.replace("3. 第三条\n", ""))
    with pytest.raises(ContentError, match="记住三点"):
        parse_lesson(two, BENCH, AREAS, GROUPS)
    html = write(tmp_path, "good-lesson.md", GOOD, body="<script>alert(1)</script>\n" + BODY)
    with pytest.raises(ContentError, match="HTML"):
        parse_lesson(html, BENCH, AREAS, GROUPS)


def test_parse_debunk_accepts_bare_false_and_needs_benchmark_8(tmp_path):
    body = (
        "## 真相\n" + "假的" * 60 + "\n## 为什么这么说\n" + "证据" * 60 + "\n## 自己怎么辨别\n查证"
    )
    meta = """
        slug: a-rumour
        title: 谣言
        claim: 据说……
        verdict: false
        benchmarks: [8, 17]
        areas: [health]
        sources: [国家卫生健康委]
        reviewed: 2026-11-23
    """
    assert parse_debunk(write(tmp_path, "a-rumour.md", meta, body), BENCH, AREAS).verdict == "false"
    with pytest.raises(ContentError, match="基准必须包含 8"):
        parse_debunk(
            write(tmp_path, "a-rumour.md", meta.replace("[8, 17]", "[17]"), body), BENCH, AREAS
        )


def test_render_markdown_makes_script_inert():
    html = render_markdown(
        "你好 <script>alert('x')</script> <img src=x onerror=alert(1)>\n\n"
        "[点我](javascript:alert(1))"
    )
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_shipped_content_is_valid_and_covers_everything(taxonomy):
    lessons = load_lessons(taxonomy.benchmarks, taxonomy.areas, taxonomy.groups)
    debunks = load_debunks(taxonomy.benchmarks, taxonomy.areas)
    assert len(lessons) >= 90 and len(debunks) >= 40
    assert {b for lesson in lessons for b in lesson.benchmarks} >= set(range(1, 27))
    for area in ("health", "emergency", "elderly_smart", "agriculture", "work_safety", "ecology"):
        assert sum(area in lesson.areas for lesson in lessons) >= 8, area
    assert {a for lesson in lessons for a in lesson.areas} == set(taxonomy.areas)
