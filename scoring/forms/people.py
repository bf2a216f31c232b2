"""Picking a person in the scoring forms: a drop-down for an organisation, a 身份证号 box for a county."""

from django import forms

from members.models import Person

# Above this many people a drop-down is too long to load on a phone or to scroll through.
DROPDOWN_LIMIT = 300


class IdNumberPersonField(forms.CharField):
    """A person typed as their 身份证号 (or passed as an id from a link), found only within ``queryset``."""

    def __init__(self, *, queryset, **kwargs):
        super().__init__(max_length=18, help_text="填写身份证号", **kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        if isinstance(value, Person):
            return value.id_number
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit() and len(value) < 18):
            return self.queryset.filter(pk=int(value)).values_list("id_number", flat=True).first() or ""
        return value

    def clean(self, value):
        value = (self.prepare_value(super().clean(value)) or "").strip().upper()
        if not value and not self.required:
            return None
        person = self.queryset.filter(id_number=value).first()
        if person is None:
            raise forms.ValidationError("在您的管理范围内未找到该身份证号的人员。")
        return person


def person_field(queryset, *, label: str) -> forms.Field:
    """A drop-down when the choice is short, a 身份证号 box when it is long."""
    if queryset.count() <= DROPDOWN_LIMIT:
        return forms.ModelChoiceField(label=label, queryset=queryset)
    return IdNumberPersonField(label=label, queryset=queryset)
