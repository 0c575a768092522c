"""Forms of the monitoring pages: the upload of township margins."""

from __future__ import annotations

from flask_wtf.file import FileField

from webapp.staff.forms import TABLE_FILE, StaffForm


class TownshipMarginsForm(StaffForm):
    file = FileField("乡镇人口结构文件",
                     description="填好人口数的模板，Excel（.xlsx）或 CSV：乡镇代码、指标、类别、"
                                 "人口数（18–69 岁常住人口，整数）",
                     validators=TABLE_FILE)
