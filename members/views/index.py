from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class MembersIndexView(LoginRequiredMixin, TemplateView):
    template_name = "members/index.html"

    def get_context_data(self, **kwargs):
        from members.views import certification, people, selections

        context = super().get_context_data(**kwargs)
        context["links"] = people.INDEX_LINKS + certification.INDEX_LINKS + selections.INDEX_LINKS
        return context
