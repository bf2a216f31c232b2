"""View mixins that start every page from the user's scope."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils import timezone
from django_filters.views import FilterView

from core import prints
from core.pdf import pdf_response, render_table_pdf
from core.spreadsheets import EXPORTED_NOTE, FILTERS_NOTE, dataset_table, xlsx_response

# Query parameters that are no filter: where the page is, how it is shown, what is downloaded.
NOT_FILTERS = {"page", "page_size", "format"}


def value_label(field: forms.Field, value) -> str:
    """A filter's value as its drop-down or box shows it: the choice's label, the record's name, 是/否."""
    if isinstance(value, bool):
        keys = ("true", "1", "yes") if value else ("false", "0", "no")
        shown = (label for key, label in getattr(field.widget, "choices", ()) if str(key).lower() in keys)
        return str(next(shown, "是" if value else "否"))
    if isinstance(value, slice):  # a from–to range
        ends = [value_label(field, end) if end not in (None, "") else "" for end in (value.start, value.stop)]
        return "至".join(ends)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | QuerySet):  # several choices
        return "、".join(value_label(field, item) for item in value)
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        for key, label in choices:
            if isinstance(label, list | tuple):  # a group of choices
                found = next((text for inner, text in label if str(inner) == str(value)), None)
                if found is not None:
                    return str(found)
            elif str(key) == str(value):
                return str(label)
    return str(value)


def filters_description(filterset) -> str:
    """The filters a list was read with, as its export's first line: 筛选条件：街镇/园区=城关街道；年度=2025."""
    if filterset is None or not filterset.is_bound or not filterset.is_valid():
        return f"{FILTERS_NOTE}无（全部记录）"
    form = filterset.form
    used = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in NOT_FILTERS or value is None or value in ("", [], ()):
            continue
        if isinstance(value, QuerySet) and not value.exists():
            continue
        if isinstance(value, slice) and value.start in (None, "") and value.stop in (None, ""):
            continue
        used.append(f"{field.label or name}={value_label(field, value)}")
    return FILTERS_NOTE + ("；".join(used) if used else "无（全部记录）")


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
    totals = None  # core.figures.Totals: the cards above the list, counted over the rows it shows

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in {"xlsx", "pdf"} and self.resource_class is not None:
            filterset = self.get_filterset(self.get_filterset_class())
            valid = filterset is None or filterset.is_valid()
            queryset = filterset.qs if filterset is not None and valid else self.get_queryset()
            if export == "xlsx":
                return self.export_xlsx(queryset, filterset)
            return self.export_pdf(queryset)
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return int(size) if size.isdigit() and 10 <= int(size) <= 200 else self.paginate_by

    def export_filename(self, extension: str) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return f"{self.get_print_title()}_{stamp}.{extension}"

    def get_export_resource(self):
        """The resource writing the Excel export (a view may hand it more than the user)."""
        return self.resource_class(user=self.request.user)

    def export_done(self, queryset) -> None:
        """Hook: what to record once the rows are written (a view exporting personal data logs it)."""

    def export_notes(self, filterset) -> list[str]:
        """The lines above an export's table: the filters used, then when, by whom, over what scope."""
        user = self.request.user
        name = getattr(user, "name", "") or user.get_username()
        return [
            filters_description(filterset),
            f"{EXPORTED_NOTE}{timezone.localtime():%Y-%m-%d %H:%M}　导出人：{name}　数据范围：{user.scope_label}",
        ]

    def export_xlsx(self, queryset, filterset=None):
        """The list as a workbook: one sheet named after the list, numbers and dates as typed cells."""
        dataset = self.get_export_resource().export(queryset=queryset, force_native_type=True)
        self.export_done(queryset)
        table = dataset_table(dataset, notes=self.export_notes(filterset))
        table.title = self.get_print_title()
        return xlsx_response([table], self.export_filename("xlsx"))

    def export_pdf(self, queryset):
        """A short list prints at once; a longer one goes to a background job whose page shows its progress (the
        job comes back here, as the same user with the same query string, with ``request.print_run`` set)."""
        total = queryset.count()
        run = getattr(self.request, "print_run", None)
        if total > self.print_limit:
            refusal = f"共 {total} 条，超过单次打印上限 {self.print_limit} 条，请先筛选或导出 Excel。"
            if run is not None:
                raise ValidationError(refusal)
            messages.error(self.request, refusal)
            return redirect(f"{self.request.path}?{self._query_without_format()}")
        if run is None and total > prints.DIRECT_ROWS:
            job_id = prints.print_start(request=self.request, title=self.get_print_title(), total=total)
            return redirect("core:print_job_detail", job_id=job_id)
        if run is not None:
            run.job["total"] = total
            run.step(0, "正在读取数据")
        resource_class = self.print_resource_class or self.resource_class
        dataset = resource_class(user=self.request.user).export(queryset=queryset)
        pdf = render_table_pdf(
            title=self.get_print_title(),
            headers=dataset.headers,
            rows=dataset,
            request=self.request,
            landscape=len(dataset.headers or []) > 6,
            footnote=self.get_print_footnote(queryset, total),
            progress=(lambda done: run.step(done, f"已排版 {done} / {total} 行")) if run is not None else None,
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
        if self.totals is not None:
            context["totals"] = self.get_totals()
        return context

    def get_totals(self):
        """The list's cards, over ``object_list``: exactly the rows the list shows (all its pages) under the filters
        it applied, so a card cannot disagree with the list, whichever filter is used or refused."""
        filterset = getattr(self, "filterset", None)
        valid = filterset is not None and filterset.is_bound and filterset.is_valid()
        return self.totals.figures(self.object_list, filterset.form.cleaned_data if valid else {})
