from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class MembersIndexView(LoginRequiredMixin, TemplateView):
    template_name = "members/index.html"
