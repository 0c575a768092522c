"""Forms of the monitoring pages: the upload of township margins."""

from __future__ import annotations

from flask_wtf.file import FileField

from webapp.staff.forms import TABLE_FILE, StaffForm


class TownshipMarginsForm(StaffForm):
    file = FileField("乡镇人口结构文件",
                     description="Excel（.xlsx）或 CSV，四列：division_code、variable、category、"
                                 "population（18–69 岁常住人口，整数）",
                     validators=TABLE_FILE)
