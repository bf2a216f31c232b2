from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class ScoringIndexView(LoginRequiredMixin, TemplateView):
    template_name = "scoring/index.html"
