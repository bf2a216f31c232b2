"""Forms of the 积分超市."""

from django import forms

from core.form_widgets import TimesInput
from members.models import Person
from scoring.forms.people import person_field
from scoring.models import RewardItem
from scoring.services.stars import MEMBER_STAGES


class RewardItemForm(forms.ModelForm):
    """The service validates and saves (its refusals name their fields); not the model's checks a second time here,
    whose constraint errors would stand above the form in Django's words."""

    class Meta:
        model = RewardItem
        fields = ["name", "price", "stock", "is_active"]

    def _post_clean(self):
        pass


class RewardItemChoiceField(forms.ModelChoiceField):
    """A reward as the member chooses it on the phone: what it costs and how many are left."""

    def label_from_instance(self, obj: RewardItem) -> str:
        return f"{obj.name}（{obj.price} 分，库存 {obj.stock}）"


class RedemptionForm(forms.Form):
    person = forms.ModelChoiceField(label="党员", queryset=Person.objects.none())
    item = RewardItemChoiceField(label="商品", queryset=RewardItem.objects.none())
    quantity = forms.IntegerField(label="数量", min_value=1, initial=1, widget=TimesInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = person_field(
            Person.objects.editable_by(user).filter(stage__in=MEMBER_STAGES).order_by("name"), label="党员"
        )
        self.fields["item"].queryset = RewardItem.objects.filter(is_active=True, stock__gt=0)
