"""Pages of public postings (公示): staff list, publish, objections; the public notice board and its A4 PDF."""

from datetime import timedelta
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from core.forms import apply_errors
from core.http import content_disposition
from core.mixins import ScopedListView, ScopedQuerysetMixin
from core.throttles import NoticeBoardThrottle, throttled
from core.workdays import Calendar, uncovered_years
from scoring.choices import ObjectionOutcome
from scoring.filters.postings import PostingFilterSet
from scoring.forms.postings import ObjectionForm, PostingForm
from scoring.models import Objection, Posting
from scoring.resources.postings import PostingResource
from scoring.selectors import postings as selectors
from scoring.services import postings as services

FORM_LOOKAHEAD_DAYS = 45  # a posting published today ends within a few weeks: warn of any unknown year in them
INDEX_LINKS = [
    ("scoring:posting_list", "公示管理", "发布积分卡、星级党员、评星定级、红旗支部公示，登记和处理异议"),
    ("scoring:notice_board", "公示栏（公开）", "群众无需登录即可查看的公示和证书核验，姓名已脱敏，可打印张贴"),
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
        today = timezone.localdate()
        unknown = uncovered_years(today, today + timedelta(days=FORM_LOOKAHEAD_DAYS))
        if unknown:
            named = "、".join(f"{year}年" for year in unknown)
            intro += f"注意：{named}节假日安排尚未录入，公示期跨入该年的，工作日暂按周一至周五计算。"
        return super().get_context_data(
            title="发布公示", intro=intro, back="scoring:posting_list", submit_label="发布", **kwargs
        )

    def form_valid(self, form):
        try:
            posting = services.posting_publish(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已发布，公示期 {posting.start_on:%Y-%m-%d} 至 {posting.end_on:%Y-%m-%d}。")
        if posting.provisional_note:
            messages.warning(self.request, posting.provisional_note)
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


BOARD_PAGE_SIZE = 10
PDF_MAX_AGE = 300  # seconds a stored posting PDF may be reused without asking again
PDF_PENDING_RETRY = 10  # seconds after which the page asks again for a PDF being prepared


@throttled(NoticeBoardThrottle)
def posting_public_list(request):
    """The public notice board (公示栏): postings being shown (公示中) and past ones (往期公示), each paged
    on its own, filtered by kind and searched by title, beside the certificate check.

    The board shows titles, periods and publishers only; the names a posting lists were masked when it
    was published. Four queries whatever the number of postings (a count and a page for each part).
    """
    today = timezone.localdate()
    filterset = PostingFilterSet(
        data={key: request.GET.get(key, "") for key in ("q", "kind")}, queryset=Posting.objects.public()
    )
    postings = filterset.qs
    calendar = Calendar()
    parts = [
        _board_part(request, "current", "公示中", selectors.postings_current(postings=postings, today=today), calendar),
        _board_part(request, "past", "往期公示", selectors.postings_past(postings=postings, today=today), calendar),
    ]
    context = {
        "filter": filterset,
        "filtered": any(request.GET.get(key) for key in ("q", "kind")),
        "parts": parts,
        "today": today,
    }
    return render(request, "scoring/posting_public_list.html", context)


def _board_part(request, key: str, title: str, postings, calendar: Calendar) -> dict:
    """One part of the board: a page of postings (its number in ?<key>=), with links to its neighbours."""
    page = Paginator(postings, BOARD_PAGE_SIZE).get_page(request.GET.get(key))
    page.object_list = list(page.object_list)
    for posting in page.object_list:
        posting.working_days = selectors.posting_working_days(posting, calendar=calendar)

    def url(number: int) -> str:
        query = request.GET.copy()
        query[key] = number
        return f"?{query.urlencode()}"

    return {
        "key": key,
        "title": title,
        "page": page,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }


def _public_posting(pk: int) -> Posting:
    return get_object_or_404(Posting.objects.public(), pk=pk)


@throttled(NoticeBoardThrottle)
def posting_public_detail(request, pk: int):
    posting = _public_posting(pk)
    context = {
        "posting": posting,
        "lines": posting.lines.all(),
        "provisional": posting.provisional_note,
        "working_days": selectors.posting_working_days(posting),
        "today": timezone.localdate(),
    }
    return render(request, "scoring/posting_public_detail.html", context)


@throttled(NoticeBoardThrottle)
def posting_public_pdf(request, pk: int):
    """The notice as an A4 PDF to put on the board: the file stored when it was published, never rendered
    here (one render took seconds; a few visitors at once held every worker). A missing file is queued
    for the background and the visitor told it is being prepared."""
    posting = _public_posting(pk)
    if not posting.pdf or not default_storage.exists(posting.pdf.name):
        services.posting_pdf_missing(posting=posting)
        response = render(request, "scoring/posting_pdf_pending.html", {"posting": posting}, status=202)
        response["Retry-After"] = str(PDF_PENDING_RETRY)
        add_never_cache_headers(response)
        return response
    etag = quote_etag(Path(posting.pdf.name).stem)
    last_modified = posting.pdf_rendered_at.timestamp() if posting.pdf_rendered_at else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(posting.pdf.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(f"{posting.title}.pdf")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    # Browsers and proxies may keep it a while; after that they ask again with the ETag (a 304).
    patch_cache_control(response, public=True, max_age=PDF_MAX_AGE)
    return response


urlpatterns = [
    path("postings/", PostingListView.as_view(), name="posting_list"),
    path("postings/new/", PostingCreateView.as_view(), name="posting_create"),
    path("postings/<int:pk>/", PostingDetailView.as_view(), name="posting_detail"),
    path("postings/<int:pk>/objections/", objection_add, name="objection_add"),
    path("postings/objections/<int:pk>/settle/", objection_settle, name="objection_settle"),
    # The board's short address; the older one stays for links already printed or bookmarked.
    path("notices/", posting_public_list, name="notice_board"),
    path("public/postings/", posting_public_list, name="posting_public_list"),
    path("public/postings/<int:pk>/", posting_public_detail, name="posting_public_detail"),
    path("public/postings/<int:pk>/pdf/", posting_public_pdf, name="posting_public_pdf"),
]
