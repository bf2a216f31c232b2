"""The organisational-life area's start page: links to each part."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class PartyLifeIndexView(LoginRequiredMixin, TemplateView):
    template_name = "party_life/index.html"

    def get_context_data(self, **kwargs):
        from party_life.views import PARTS

        context = super().get_context_data(**kwargs)
        context["links"] = [link for part in PARTS for link in part.INDEX_LINKS]
        return context
