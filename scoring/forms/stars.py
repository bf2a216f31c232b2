"""Forms of 星级党员: a new handbook version, written as one rule per line."""

from django import forms

from core.form_widgets import DateInput
from scoring.choices import Star

STAR_BY_LABEL = {str(label): value for value, label in Star.choices} | {value: value for value in Star.values}


class HandbookVersionForm(forms.Form):
    number = forms.IntegerField(label="版本号", min_value=1)
    effective_from = forms.DateField(
        label="施行日期", widget=DateInput(), help_text="某月1日；已开始记分的月份不受影响"
    )
    note = forms.CharField(label="修订说明", max_length=300, required=False)
    rules = forms.CharField(
        label="积分规则",
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text="每行一条：编号|积分事项|所属星|每次积分|每月上限，例如 XX01|参加集中学习|学习进步星|2|8",
    )

    def clean_rules(self) -> list[dict]:
        rules = []
        for number, line in enumerate(self.cleaned_data["rules"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 5:
                raise forms.ValidationError(f"第 {number} 行应有 5 项，用“|”分隔。")
            code, name, star, points, cap = parts
            if star not in STAR_BY_LABEL:
                raise forms.ValidationError(f"第 {number} 行的所属星“{star}”不是五颗星之一。")
            if not points.isdigit() or not cap.isdigit() or int(points) < 1:
                raise forms.ValidationError(f"第 {number} 行的每次积分和每月上限应为正整数。")
            rules.append(
                {
                    "code": code,
                    "name": name,
                    "star": STAR_BY_LABEL[star],
                    "points": int(points),
                    "monthly_cap": int(cap),
                }
            )
        return rules
