"""Pages of public postings (公示): staff list, publishing (form → preview → confirmation), withdrawal and correction,
objections; the public notice board and its A4 PDF."""

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
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag, urlencode
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from core.audit import audit_entries
from core.forms import apply_errors
from core.http import content_disposition
from core.mixins import ScopedListView, ScopedQuerysetMixin
from core.throttles import NoticeBoardThrottle, throttled
from core.workdays import Calendar, uncovered_years
from scoring.choices import ObjectionOutcome
from scoring.filters.postings import PostingFilterSet
from scoring.forms.postings import (
    ObjectionForm,
    PostingConfirmForm,
    PostingCorrectForm,
    PostingForm,
    PostingWithdrawForm,
)
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


def _holiday_intro(intro: str) -> str:
    """The form's explanation of the period, with a warning for a year whose holiday schedule is not entered."""
    today = timezone.localdate()
    unknown = uncovered_years(today, today + timedelta(days=FORM_LOOKAHEAD_DAYS))
    if unknown:
        named = "、".join(f"{year}年" for year in unknown)
        intro += f"注意：{named}节假日安排尚未录入，公示期跨入该年的，工作日暂按周一至周五计算。"
    return intro


def _render_preview(request, preview: services.PostingPreview, *, back_url: str, status: int = 200):
    """The preview page: who is included per area, what is not yet reviewed, the period, and the confirmation."""
    posting = preview.posting
    confirm = PostingConfirmForm(
        initial={
            "kind": posting.kind,
            "subject": posting.subject,
            "published_on": posting.published_on,
            "contact": posting.contact,
            "body": posting.body,
            "corrects": preview.corrects.pk if preview.corrects else None,
            "reason": preview.reason,
            "token": preview.token,
        }
    )
    context = {
        "preview": preview,
        "posting": posting,
        "lines": [{**line, "position": number} for number, line in enumerate(preview.lines, start=1)],
        "working_days": selectors.posting_working_days(posting),
        "confirm_form": confirm,
        "back_url": back_url,
    }
    return render(request, "scoring/posting_preview.html", context, status=status)


def _back_url(name: str, args: list | None, data: dict) -> str:
    """The form again, filled in as it was sent (its GET takes the values as initial ones)."""
    values = {key: value for key, value in data.items() if key in _FORM_KEYS and value}
    return f"{reverse(name, args=args)}?{urlencode(values)}" if values else reverse(name, args=args)


_FORM_KEYS = ("kind", "subject", "published_on", "contact", "body", "reason")


class PostingCreateView(LoginRequiredMixin, FormView):
    """Publishing, step one: choose what and which period; sending the form shows the preview (nothing published)."""

    form_class = PostingForm
    template_name = "scoring/posting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.can_publish(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {"published_on": timezone.localdate()}
        initial.update({key: self.request.GET[key] for key in _FORM_KEYS if self.request.GET.get(key)})
        return initial

    def get_context_data(self, **kwargs):
        intro = "公示期按工作日计算（节假日顺延、调休上班日计入），发布当日不计入。"
        return super().get_context_data(title="发布公示", intro=_holiday_intro(intro), **kwargs)

    def form_valid(self, form):
        try:
            preview = services.posting_preview(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        return _render_preview(self.request, preview, back_url=_back_url("scoring:posting_create", None, form.data))


class PostingActionMixin(ScopedQuerysetMixin, SingleObjectMixin):
    """A county action on a posting in the user's scope (others' postings are a 404, other staff get a 403)."""

    model = Posting

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def refusal(self) -> str:
        """Why the posting cannot be withdrawn or corrected any more (empty when it can)."""
        try:
            services.posting_withdrawal_check(by=self.request.user, posting=self.object)
        except ValidationError as error:
            return "；".join(error.messages)
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(posting=self.object, refusal=self.refusal(), **kwargs)


class PostingWithdrawView(PostingActionMixin, FormView):
    """Withdraw a posting (撤回) with a reason: it stays on the board, marked, and so does its PDF."""

    form_class = PostingWithdrawForm
    template_name = "scoring/posting_withdraw.html"

    def form_valid(self, form):
        try:
            services.posting_withdraw(by=self.request.user, posting=self.object, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已撤回。公示栏显示撤回日期和原因，原 PDF 保留并标注“已撤回”。")
        return redirect("scoring:posting_detail", pk=self.object.pk)


class PostingCorrectView(PostingActionMixin, FormView):
    """Correct a posting (更正), step one: the reason and the new posting's date; sending shows its preview."""

    form_class = PostingCorrectForm
    template_name = "scoring/posting_withdraw.html"

    def get_initial(self):
        initial = {"published_on": timezone.localdate(), "contact": self.object.contact, "body": self.object.body}
        initial.update({key: self.request.GET[key] for key in _FORM_KEYS if self.request.GET.get(key)})
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(correcting=True, **kwargs)

    def form_valid(self, form):
        try:
            preview = services.posting_preview(by=self.request.user, corrects=self.object, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        back = _back_url("scoring:posting_correct", [self.object.pk], form.data)
        return _render_preview(self.request, preview, back_url=back)


@login_required
@require_POST
def posting_confirm(request):
    """Publishing (or correcting), step two: the preview's confirmation. Posts only what the preview showed; when
    that has changed since, the new preview is shown with the reason, to be confirmed again."""
    if not services.can_publish(request.user):
        raise PermissionDenied
    form = PostingConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.NOT_PREVIEWED)
        return redirect("scoring:posting_create")
    data = form.cleaned_data
    values = {key: data[key] for key in ("published_on", "contact", "body")}
    corrects = None
    if data["corrects"]:
        corrects = get_object_or_404(Posting.objects.visible_to(request.user), pk=data["corrects"])
        values["reason"] = data["reason"]
    else:
        values.update(kind=data["kind"], subject=data["subject"])
    try:
        if corrects is not None:
            posting = services.posting_correct(by=request.user, posting=corrects, token=data["token"], **values)
        else:
            posting = services.posting_publish(by=request.user, token=data["token"], **values)
    except ValidationError as error:
        return _confirm_refused(request, error, corrects=corrects, values=values)
    period = f"公示期 {posting.start_on:%Y-%m-%d} 至 {posting.end_on:%Y-%m-%d}。"
    if corrects is not None:
        messages.success(request, f"已发布更正后的公示，原公示已标注“已被更正”，{period}")
    else:
        messages.success(request, f"已发布，{period}")
    if posting.provisional_note:
        messages.warning(request, posting.provisional_note)
    return redirect("scoring:posting_detail", pk=posting.pk)


def _confirm_refused(request, error: ValidationError, *, corrects: Posting | None, values: dict):
    """A refused confirmation: the preview as it stands now, with why, or the form when there is nothing to show."""
    for message in error.messages:
        messages.error(request, message)
    name, args = ("scoring:posting_correct", [corrects.pk]) if corrects else ("scoring:posting_create", None)
    back = _back_url(name, args, {key: str(value) for key, value in values.items() if value})
    try:
        preview = services.posting_preview(by=request.user, corrects=corrects, **values)
    except ValidationError:
        return redirect(back)
    return _render_preview(request, preview, back_url=back, status=409)


class PostingDetailView(ScopedQuerysetMixin, DetailView):
    model = Posting
    template_name = "scoring/posting_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("superseded_by", "supersedes", "withdrawn_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posting = self.object
        user = self.request.user
        try:
            services.posting_withdrawal_check(by=user, posting=posting)
            can_withdraw = True
        except ValidationError:
            can_withdraw = False
        context.update(
            lines=posting.lines.all(),
            objections=posting.objections.select_related("handled_by"),
            can_edit=Posting.objects.editable_by(user).filter(pk=posting.pk).exists(),
            can_withdraw=can_withdraw,
            objection_form=ObjectionForm(initial={"received_on": timezone.localdate()}),
            outcomes=[(ObjectionOutcome.UPHELD, "异议成立"), (ObjectionOutcome.DISMISSED, "异议不成立")],
            audit_entries=audit_entries(posting),
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
    return get_object_or_404(Posting.objects.public().select_related("superseded_by", "supersedes"), pk=pk)


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
    here (one render took seconds; a few visitors at once held every worker). A missing file, or one printed
    before the posting was withdrawn (it lacks the mark), is queued for the background and the visitor told it is
    being prepared."""
    posting = _public_posting(pk)
    if not posting.pdf_is_current or not default_storage.exists(posting.pdf.name):
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
    path("postings/confirm/", posting_confirm, name="posting_confirm"),
    path("postings/<int:pk>/", PostingDetailView.as_view(), name="posting_detail"),
    path("postings/<int:pk>/withdraw/", PostingWithdrawView.as_view(), name="posting_withdraw"),
    path("postings/<int:pk>/correct/", PostingCorrectView.as_view(), name="posting_correct"),
    path("postings/<int:pk>/objections/", objection_add, name="objection_add"),
    path("postings/objections/<int:pk>/settle/", objection_settle, name="objection_settle"),
    # The board's short address; the older one stays for links already printed or bookmarked.
    path("notices/", posting_public_list, name="notice_board"),
    path("public/postings/", posting_public_list, name="posting_public_list"),
    path("public/postings/<int:pk>/", posting_public_detail, name="posting_public_detail"),
    path("public/postings/<int:pk>/pdf/", posting_public_pdf, name="posting_public_pdf"),
]
