from question_bank.validation import batch_errors, item_errors, normalise_stem
from tests.bank.factories import make_draft


def test_item_errors_accepts_a_good_item(taxonomy):
    assert item_errors(make_draft(), taxonomy) == []


def test_item_errors_names_each_problem(taxonomy):
    draft = make_draft(
        benchmark=27,
        dimension="magic",
        areas=["cooking"],
        groups=["aliens"],
        key="E",
        explanation=" ",
        difficulty=9,
    )
    errors = "\n".join(item_errors(draft, taxonomy))
    for fragment in (
        "基准 27",
        "维度 magic",
        "专题 cooking",
        "重点人群 aliens",
        "答案应为 A–D 中的字母，现在是“E”",
        "解析为空",
        "难度 9",
    ):
        assert fragment in errors


def test_item_errors_checks_option_count_per_type(taxonomy):
    assert any(
        "2–6 个选项" in e for e in item_errors(make_draft(options=["甲"], key="A"), taxonomy)
    )
    multiple = make_draft(type="multiple", key="A")
    assert any("至少要有两个" in e for e in item_errors(multiple, taxonomy))
    seven = make_draft(options=list("甲乙丙丁戊己庚"), key="A")
    assert any("现在有 7 个" in e for e in item_errors(seven, taxonomy))


def test_normalise_stem_ignores_spaces_and_punctuation():
    assert normalise_stem("下列 哪一项，正确？") == normalise_stem("下列哪一项正确?")


def test_batch_errors_finds_duplicates_in_file_and_bank(taxonomy):
    a, b = make_draft(1), make_draft(1, stem="测试题干第1题 下列哪一项正确？")
    c = make_draft(3)
    errors = batch_errors(
        [(2, a), (3, b), (4, c)], taxonomy, existing_stems={normalise_stem(c.stem): "题目 9"}
    )
    assert "与第 2 行重复" in errors[3][0]
    assert "题库中已有" in errors[4][0]
    assert 2 not in errors


def test_item_errors_keeps_options_that_differ_only_by_a_decimal_point(taxonomy):
    draft = make_draft(options=["20%", "24%", "240%", "2.4%"], key="B")
    assert item_errors(draft, taxonomy) == []
    same = make_draft(options=["20 %", "２０%", "3", "4"], key="C")
    assert "选项有重复" in item_errors(same, taxonomy)
