"""Pages of public postings (公示): staff list, publish, objections; the public notice board and its A4 PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from core.mixins import ScopedListView, ScopedQuerysetMixin
from core.pdf import pdf_response, render_pdf
from core.workdays import calendar_covers
from scoring.choices import ObjectionOutcome
from scoring.filters.postings import PostingFilterSet
from scoring.forms.postings import ObjectionForm, PostingForm
from scoring.models import Objection, Posting
from scoring.resources.postings import PostingResource
from scoring.services import postings as services

INDEX_LINKS = [
    ("scoring:posting_list", "公示管理", "发布积分卡、星级党员、评星定级、红旗支部公示，登记和处理异议"),
    ("scoring:posting_public_list", "公示栏（公开）", "群众无需登录即可查看的公示，姓名已脱敏，可打印张贴"),
]


class PostingListView(ScopedListView):
    model = Posting
    filterset_class = PostingFilterSet
    resource_class = PostingResource
    template_name = "scoring/posting_list.html"

    def get_print_title(self) -> str:
        return "公示"

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_publish=services.can_publish(self.request.user), **kwargs)


class PostingCreateView(LoginRequiredMixin, FormView):
    form_class = PostingForm
    template_name = "scoring/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.can_publish(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"published_on": timezone.localdate(), "kind": self.request.GET.get("kind")}

    def get_context_data(self, **kwargs):
        intro = "公示期按工作日计算（节假日顺延、调休上班日计入），发布当日不计入。"
        return super().get_context_data(
            title="发布公示", intro=intro, back="scoring:posting_list", submit_label="发布", **kwargs
        )

    def form_valid(self, form):
        try:
            posting = services.posting_publish(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"已发布，公示期 {posting.start_on:%Y-%m-%d} 至 {posting.end_on:%Y-%m-%d}。")
        return redirect("scoring:posting_detail", pk=posting.pk)


class PostingDetailView(ScopedQuerysetMixin, DetailView):
    model = Posting
    template_name = "scoring/posting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posting = self.object
        context.update(
            lines=posting.lines.all(),
            objections=posting.objections.select_related("handled_by"),
            can_edit=Posting.objects.editable_by(self.request.user).filter(pk=posting.pk).exists(),
            objection_form=ObjectionForm(initial={"received_on": timezone.localdate()}),
            outcomes=[(ObjectionOutcome.UPHELD, "异议成立"), (ObjectionOutcome.DISMISSED, "异议不成立")],
        )
        return context


@login_required
@require_POST
def objection_add(request, pk: int):
    posting = get_object_or_404(Posting.objects.editable_by(request.user), pk=pk)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写收到日期和异议内容。")
        return redirect("scoring:posting_detail", pk=pk)
    try:
        services.objection_add(by=request.user, posting=posting, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已登记异议。")
    return redirect("scoring:posting_detail", pk=pk)


@login_required
@require_POST
def objection_settle(request, pk: int):
    objection = get_object_or_404(Objection.objects.editable_by(request.user), pk=pk)
    try:
        services.objection_settle(
            by=request.user,
            objection=objection,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已记录处理结果。")
    return redirect("scoring:posting_detail", pk=objection.posting_id)


# --- public (no login) ----------------------------------------------------------------------------


def posting_public_list(request):
    """The public notice board: postings that have started, newest first; names are masked."""
    postings = Posting.objects.public().order_by("-start_on", "-pk")
    page = Paginator(postings, 20).get_page(request.GET.get("page"))
    return render(request, "scoring/posting_public_list.html", {"page_obj": page, "today": timezone.localdate()})


def _public_posting(pk: int) -> Posting:
    return get_object_or_404(Posting.objects.public(), pk=pk)


def posting_public_detail(request, pk: int):
    posting = _public_posting(pk)
    context = {
        "posting": posting,
        "lines": posting.lines.all(),
        "provisional": not calendar_covers(posting.end_on.year),
    }
    return render(request, "scoring/posting_public_detail.html", context)


def posting_public_pdf(request, pk: int):
    """The notice as an A4 PDF to put on the board."""
    posting = _public_posting(pk)
    pdf = render_pdf(
        "scoring/posting_pdf.html", {"posting": posting, "lines": list(posting.lines.all())}, request=request
    )
    return pdf_response(pdf, f"{posting.title}.pdf")


urlpatterns = [
    path("postings/", PostingListView.as_view(), name="posting_list"),
    path("postings/new/", PostingCreateView.as_view(), name="posting_create"),
    path("postings/<int:pk>/", PostingDetailView.as_view(), name="posting_detail"),
    path("postings/<int:pk>/objections/", objection_add, name="objection_add"),
    path("postings/objections/<int:pk>/settle/", objection_settle, name="objection_settle"),
    path("public/postings/", posting_public_list, name="posting_public_list"),
    path("public/postings/<int:pk>/", posting_public_detail, name="posting_public_detail"),
    path("public/postings/<int:pk>/pdf/", posting_public_pdf, name="posting_public_pdf"),
]
