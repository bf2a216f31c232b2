from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.access import offered_links
from members.models import Person


class MembersIndexView(LoginRequiredMixin, TemplateView):
    template_name = "members/index.html"
    model = Person  # the records the area is about: offered to those whose scope reaches them

    def get_context_data(self, **kwargs):
        from members.views import certification, people, selections

        context = super().get_context_data(**kwargs)
        links = people.INDEX_LINKS + certification.INDEX_LINKS + selections.INDEX_LINKS
        context["links"] = offered_links(self.request.user, links)
        return context
