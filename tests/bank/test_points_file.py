"""An administrator replaces the benchmark-point list from a file, without code changes."""

from question_bank.taxonomy import load_taxonomy


def test_points_load_validates_then_installs(runner, app, tmp_path):
    app.config["TAXONOMY_DIR"] = str(tmp_path / "city")
    try:
        bad = tmp_path / "bad.csv"
        bad.write_text("number,benchmark,text\n3,2,不在范围\n3,1,重复\n200,1,越界\n",
                       encoding="utf-8")
        result = runner.invoke(args=["bank", "points-load", str(bad)])
        assert result.exit_code != 0
        for fragment in ("第 2 行", "范围 6–9", "第 3 行", "重复", "第 4 行", "1–132"):
            assert fragment in result.output
        assert not (tmp_path / "city" / "points.csv").exists()
        good = tmp_path / "good.csv"
        good.write_text("number,benchmark,text\n1,1,知道世界是物质的\n6,2,知道系统的概念\n",
                        encoding="utf-8")
        assert runner.invoke(args=["bank", "points-load", str(good)]).exit_code == 0
        taxonomy = load_taxonomy(tmp_path / "city")
        assert taxonomy.points[6].benchmark == 2 and len(taxonomy.benchmarks) == 26
    finally:
        app.config["TAXONOMY_DIR"] = None
        from webapp.services.taxonomy import reset_taxonomy

        reset_taxonomy()
