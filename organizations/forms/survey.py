from django import forms
from django.utils import timezone

from organizations.choices import CampaignHalf
from organizations.models import SIX_CLEARS, SurveyCampaign, SurveyRecord
from organizations.selectors.survey import campaign_order_key

__all__ = ["CampaignCompareForm", "CampaignOpenForm", "SurveyRecordForm"]


class CampaignOpenForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label="半年", choices=CampaignHalf.choices, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["half"].initial = CampaignHalf.FIRST if today.month <= 6 else CampaignHalf.SECOND


class SurveyRecordForm(forms.ModelForm):
    """The six facts and the two counts; the rules (open campaign, scope) are the service's."""

    class Meta:
        model = SurveyRecord
        fields = [*(field for field, _label in SIX_CLEARS), "staff_count", "full_member_count"]
        widgets = {field: forms.Textarea(attrs={"rows": 3}) for field, _label in SIX_CLEARS}
        labels = dict(SIX_CLEARS)

    def _post_clean(self):
        # The service validates and saves; the instance must not be touched before it decides.
        pass


class CampaignCompareForm(forms.Form):
    earlier = forms.ModelChoiceField(label="前一次", queryset=SurveyCampaign.objects.none(), empty_label=None)
    later = forms.ModelChoiceField(label="后一次", queryset=SurveyCampaign.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        campaigns = SurveyCampaign.objects.visible_to(user)
        self.fields["earlier"].queryset = campaigns
        self.fields["later"].queryset = campaigns

    def clean(self):
        data = super().clean()
        earlier, later = data.get("earlier"), data.get("later")
        if earlier and later:
            if earlier.pk == later.pk:
                raise forms.ValidationError("请选择两次不同的摸底排查。")
            if campaign_order_key(earlier) > campaign_order_key(later):
                # Chosen the other way round: compare in time order rather than refuse.
                data["earlier"], data["later"] = later, earlier
        return data
