"""The organisational-life area's start page: links to each part."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.access import offered_links
from party_life.models import Meeting


class PartyLifeIndexView(LoginRequiredMixin, TemplateView):
    template_name = "party_life/index.html"
    model = Meeting  # the records the area is about: offered to those whose scope reaches them

    def get_context_data(self, **kwargs):
        from party_life.views import PARTS

        context = super().get_context_data(**kwargs)
        context["links"] = offered_links(self.request.user, [link for part in PARTS for link in part.INDEX_LINKS])
        return context
