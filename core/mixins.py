"""View mixins that start every page from the user's scope."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django_filters.views import FilterView

from core.pdf import pdf_response, render_table_pdf
from core.spreadsheets import dataset_table, xlsx_response


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Reads start from ``visible_to(user)``; views that change rows set ``scope = "editable"``."""

    scope = "visible"

    def get_queryset(self):
        manager = self.model._default_manager
        user = self.request.user
        queryset = manager.editable_by(user) if self.scope == "editable" else manager.visible_to(user)
        return self.scope_queryset(queryset)

    def scope_queryset(self, queryset):
        """Hook for select_related/annotations; never widens the scope."""
        return queryset


class ScopedListView(ScopedQuerysetMixin, FilterView):
    """A list page: scoped, filtered, searched, paginated, exportable to Excel and printable as PDF."""

    paginate_by = 25
    resource_class = None  # django-import-export resource used for Excel export and printing
    print_resource_class = None  # a narrower resource for the printed list, when the export is too wide
    print_limit = 5000
    strict = False  # an invalid filter shows the form errors instead of an empty list

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in {"xlsx", "pdf"} and self.resource_class is not None:
            filterset = self.get_filterset(self.get_filterset_class())
            queryset = filterset.qs if filterset.is_valid() else self.get_queryset()
            if export == "xlsx":
                return self.export_xlsx(queryset)
            return self.export_pdf(queryset)
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return int(size) if size.isdigit() and 10 <= int(size) <= 200 else self.paginate_by

    def export_filename(self, extension: str) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return f"{self.get_print_title()}_{stamp}.{extension}"

    def export_xlsx(self, queryset):
        dataset = self.resource_class(user=self.request.user).export(queryset=queryset)
        return xlsx_response([dataset_table(dataset)], self.export_filename("xlsx"))

    def export_pdf(self, queryset):
        total = queryset.count()
        if total > self.print_limit:
            messages.error(
                self.request, f"共 {total} 条，超过单次打印上限 {self.print_limit} 条，请先筛选或导出 Excel。"
            )
            return redirect(f"{self.request.path}?{self._query_without_format()}")
        resource_class = self.print_resource_class or self.resource_class
        dataset = resource_class(user=self.request.user).export(queryset=queryset)
        pdf = render_table_pdf(
            title=self.get_print_title(),
            headers=dataset.headers,
            rows=dataset,
            request=self.request,
            landscape=len(dataset.headers or []) > 6,
            footnote=self.get_print_footnote(queryset, total),
        )
        return pdf_response(pdf, self.export_filename("pdf"))

    def get_print_title(self) -> str:
        """What the page shows: the printout's title and the export's file name."""
        return str(self.model._meta.verbose_name_plural)

    def get_print_footnote(self, queryset, total: int) -> str:
        return ""

    def _query_without_format(self) -> str:
        query = self.request.GET.copy()
        query.pop("format", None)
        return query.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["opts"] = self.model._meta
        context["can_export"] = self.resource_class is not None
        return context
