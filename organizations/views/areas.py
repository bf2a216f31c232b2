"""Pages of the organisations area: the county's towns, streets and parks (街镇/园区), kept by county staff."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST

from core.mixins import ScopedListView
from organizations import services
from organizations.filters import AreaFilterSet
from organizations.forms import AreaForm
from organizations.models import Area
from organizations.resources import AreaResource
from organizations.views.support import AuditedDetailView, ScopedUpdateFormView, ServiceFormView


class AreaListView(ScopedListView):
    model = Area
    filterset_class = AreaFilterSet
    resource_class = AreaResource
    template_name = "organizations/area_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.is_county_admin
        return context


class CountyAdminRequiredMixin(LoginRequiredMixin):
    """Only county staff add areas; everybody else is refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AreaCreateView(CountyAdminRequiredMixin, ServiceFormView):
    form_class = AreaForm
    template_name = "organizations/area_form.html"
    success_message = "已新增街镇/园区。"

    def perform(self, data):
        return services.area_create(by=self.request.user, **data)

    def redirect_after(self, area):
        return redirect("organizations:area_detail", pk=area.pk)


class AreaDetailView(AuditedDetailView):
    model = Area
    template_name = "organizations/area_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["committee"] = self.object.party_orgs.filter(depth=1).first()
        return context


class AreaUpdateView(ScopedUpdateFormView, ServiceFormView):
    model = Area
    form_class = AreaForm
    template_name = "organizations/area_form.html"

    def perform(self, data):
        return services.area_update(by=self.request.user, area=self.object, **data)

    def redirect_after(self, area):
        return redirect("organizations:area_detail", pk=area.pk)


@require_POST
def area_move(request, pk: int):
    """Move an area one place up or down in the county's order (the order of every list and report)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    area = get_object_or_404(Area.objects.editable_by(request.user), pk=pk)
    services.area_move(by=request.user, area=area, step=-1 if request.POST.get("direction") == "up" else 1)
    messages.success(request, f"已调整“{area.name}”的顺序。")
    return redirect("organizations:area_list")


urlpatterns = [
    path("areas/", AreaListView.as_view(), name="area_list"),
    path("areas/new/", AreaCreateView.as_view(), name="area_create"),
    path("areas/<int:pk>/", AreaDetailView.as_view(), name="area_detail"),
    path("areas/<int:pk>/edit/", AreaUpdateView.as_view(), name="area_update"),
    path("areas/<int:pk>/move/", area_move, name="area_move"),
]
