"""Forms every area uses, and the one reading of a year or a date typed into a filter or a period form."""

from datetime import date

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from core.form_widgets import DATE_MAX, DATE_MIN, OUT_OF_RANGE, YEAR_MAX, YEAR_MIN, DateInput


class YearField(forms.IntegerField):
    """A year: a whole number from YEAR_MIN to YEAR_MAX; anything else is a Chinese error, never a crash."""

    default_error_messages = {
        "invalid": "请输入整数年份，如 2024。",
        "out_of_range": f"年度应在 {YEAR_MIN} 至 {YEAR_MAX} 之间。",
    }

    def validate(self, value):
        super().validate(value)
        if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.NumberInput):
            attrs.update(min=YEAR_MIN, max=YEAR_MAX, placeholder="如 2024")
        return attrs


class PeriodDateField(forms.DateField):
    """A date that bounds a period or a filter: from DATE_MIN to DATE_MAX, rendered ISO for the browser."""

    widget = DateInput
    default_error_messages = {
        "invalid": "请输入有效日期，如 2024-01-31。",
        "out_of_range": f"日期应在 {DATE_MIN:%Y-%m-%d} 至 {DATE_MAX:%Y-%m-%d} 之间。",
    }

    def to_python(self, value):
        if isinstance(value, str) and value.endswith(OUT_OF_RANGE):
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and not DATE_MIN <= value <= DATE_MAX:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")


class WholeNumberField(forms.IntegerField):
    """A count or a rank in a filter (quarter, stars): a whole number, ``2.5`` is an error, not a 2."""

    default_error_messages = {"invalid": "请输入整数。"}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="数据文件",
        help_text="请使用下载的模板填写，支持 .xlsx 或 .csv；整个文件全部校验通过后才会写入。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（区分大小写）。",
        "inactive": "该账号已停用，请联系管理员。",
    }


class FiguresScopeForm(forms.Form):
    """Which area and which period the dashboard and the work report show: a year, or any dates from and to
    (which take precedence); empty means all of them."""

    area = forms.ModelChoiceField(label="街镇/园区", queryset=None, required=False, empty_label="全部")
    year = YearField(label="年度", required=False, widget=forms.Select)
    start = PeriodDateField(label="开始日期", required=False, help_text="可选，优先于年度")
    end = PeriodDateField(label="结束日期", required=False)

    def __init__(self, *args, user, **kwargs):
        from django.utils import timezone

        from organizations.models import Area

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.within_scope(user).order_by("sort_order", "name")
        this_year = timezone.localdate().year
        self.fields["year"].widget.choices = [("", "全部时间"), *((y, f"{y}年") for y in range(this_year, 2019, -1))]
        self.user = user

    def clean(self):
        from core.figures import period_check

        data = super().clean()
        try:
            period_check(data.get("start"), data.get("end"))
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def scope(self):
        """The figures' scope; an invalid choice falls back to everything the user may see."""
        from core.figures import Scope

        if not self.is_valid():
            return Scope(self.user)
        data = self.cleaned_data
        if data.get("start") or data.get("end"):
            start, end = data.get("start"), data.get("end")
        elif data.get("year"):
            start, end = date(data["year"], 1, 1), date(data["year"], 12, 31)
        else:
            start, end = None, None
        return Scope(self.user, area=data.get("area"), start=start, end=end)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message next to the field it names (when the form shows that
    field), the others on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
