"""Pages of the members area: 红领党务 certification — the register, grants, promotions, demotions,
revocations, printed certificates (one, or a whole level as a background batch) and the public check."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from core.audit import audit_entries
from core.figures import Total, Totals
from core.forms import apply_errors
from core.http import file_response
from core.jobs import progress_context
from core.mixins import ScopedListView, ScopedQuerysetMixin
from core.pdf import pdf_response
from core.throttles import AddressRateThrottle
from members.choices import CertLevel, CertStatus
from members.filters.certification import CertificateFilterSet
from members.forms.certification import (
    CertificateBatchForm,
    CertificateDemoteForm,
    CertificateGrantForm,
    CertificatePromoteForm,
    CertificateRevokeForm,
)
from members.models import Certificate
from members.resources.certification import CertificateResource
from members.selectors import certification as selectors
from members.services import certification as services
from members.validators import mask_name

# (url name, title, one-line description) shown on the area's index page.
INDEX_LINKS: list[tuple[str, str, str]] = [
    (
        "members:certificate_list",
        "红领党务认证",
        "党务工作者初级、中级、高级认证：发证、晋级、降级、撤销，证书打印与扫码核验",
    ),
]


class CountyOnlyMixin(LoginRequiredMixin):
    """Certificate actions belong to county staff (县委社会工作部); others get a 403 with the reason."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_county_admin:
            self.check_scope()
            raise PermissionDenied(services.COUNTY_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def check_scope(self) -> None:
        """Outside the user's scope stays a 404, even for a refused action."""


VALID = Q(status=CertStatus.VALID)


class CertificateListView(ScopedListView):
    """Every certificate in scope, with the number of valid ones per level and the batch print buttons."""

    model = Certificate
    filterset_class = CertificateFilterSet
    resource_class = CertificateResource
    template_name = "members/certificate_list.html"
    totals = Totals(
        Total(
            "valid",
            "有效持证",
            "张",
            "按当前筛选条件列出的证书中，状态为“有效”的张数（已晋级、降级换发或撤销的旧证不计）。",
            count=Count("pk", filter=VALID),
        ),
        *(
            Total(
                level,
                str(label),
                "张",
                f"按当前筛选条件列出的证书中，等级为{label}、状态为“有效”的张数。",
                count=Count("pk", filter=VALID & Q(level=level)),
            )
            for level, label in CertLevel.choices
        ),
    )

    def scope_queryset(self, queryset):
        return queryset.select_related("person__party_organization__area")

    def get_print_title(self) -> str:
        return "红领党务证书"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_act"] = self.request.user.is_county_admin
        context["levels"] = CertLevel.choices
        return context


class CertificateCreateView(CountyOnlyMixin, FormView):
    """Grant a certificate (county staff only)."""

    form_class = CertificateGrantForm
    template_name = "members/certificate_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="颁发红领党务证书", requirements=_requirements(), **kwargs)

    def form_valid(self, form):
        try:
            certificate = services.certificate_grant(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已颁发证书 {certificate.serial}。")
        return redirect("members:certificate_detail", pk=certificate.pk)


def _requirements() -> list[tuple[str, int, bool, bool]]:
    labels = dict(CertLevel.choices)
    return [
        (labels[level], need["min_score"], need["demo_point"], need["results"])
        for level, need in services.LEVEL_REQUIREMENTS.items()
    ]


class CertificateDetailView(ScopedQuerysetMixin, DetailView):
    """One certificate, the holder's other certificates, its audit trail and (for county staff) its actions."""

    model = Certificate
    template_name = "members/certificate_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("person__party_organization__area", "issued_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        context["history"] = selectors.holder_history(certificate=certificate)
        context["audit_entries"] = audit_entries(certificate)
        context["can_act"] = self.request.user.is_county_admin and certificate.status == CertStatus.VALID
        context["verify_url"] = services.verify_url(certificate)
        return context


class CertificateActionView(CountyOnlyMixin, FormView):
    """Promote, demote or revoke one valid certificate in scope through its service."""

    template_name = "members/certificate_action.html"
    title = ""
    success_message = ""

    @cached_property
    def certificate(self):
        queryset = Certificate.objects.visible_to(self.request.user).select_related("person__party_organization")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def check_scope(self) -> None:
        self.certificate  # noqa: B018 -- a 404 before the 403

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            certificate=self.certificate, title=self.title, requirements=_requirements(), **kwargs
        )

    def perform(self, data):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect("members:certificate_detail", pk=result.pk)


class CertificatePromoteView(CertificateActionView):
    form_class = CertificatePromoteForm
    title = "晋级"
    success_message = "已晋级，原证书收回，新证书已颁发。"

    def perform(self, data):
        return services.certificate_promote(by=self.request.user, certificate=self.certificate, **data)


class CertificateDemoteView(CertificateActionView):
    form_class = CertificateDemoteForm
    title = "降级"
    success_message = "已降级，原证书收回，新证书已颁发。"

    def perform(self, data):
        return services.certificate_demote(by=self.request.user, certificate=self.certificate, **data)


class CertificateRevokeView(CertificateActionView):
    form_class = CertificateRevokeForm
    title = "撤销"
    success_message = "已撤销等级，证书收回。"

    def perform(self, data):
        return services.certificate_revoke(by=self.request.user, certificate=self.certificate, **data)


@login_required
def certificate_pdf(request, pk: int):
    """One certificate as an A4 landscape PDF."""
    queryset = Certificate.objects.visible_to(request.user).select_related("person__party_organization")
    certificate = get_object_or_404(queryset, pk=pk)
    return pdf_response(services.certificates_pdf([certificate]), f"红领党务证书_{certificate.serial}")


@login_required
@require_POST
def certificate_batch_start(request):
    """Queue printing all valid certificates of one level in the user's scope as one document."""
    form = CertificateBatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要打印的证书等级。")
        return redirect("members:certificate_list")
    try:
        job_id = services.certificate_batch_start(by=request.user, level=form.cleaned_data["level"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members:certificate_list")
    return redirect("members:certificate_batch_detail", job_id=job_id)


def _own_job(request, job_id: str) -> dict:
    job = services.BATCH_JOBS.get_own(job_id, user=request.user)
    if job is None:
        raise Http404
    return job


@login_required
def certificate_batch_detail(request, job_id: str):
    """Progress of a batch (polled by htmx) and its download link when done."""
    job = _own_job(request, job_id)
    template = "members/certificate_batch_status.html" if request.htmx else "members/certificate_batch.html"
    return render(request, template, progress_context(job_id, job))


@login_required
def certificate_batch_download(request, job_id: str):
    job = _own_job(request, job_id)
    if job["status"] != "done" or not default_storage.exists(job["path"]):
        raise Http404
    with default_storage.open(job["path"]) as file:
        content = file.read()
    return file_response(content, f"红领党务证书_{job['level_label']}_{job['total']}份.pdf", "application/pdf")


def certificate_verify(request, token: str):
    """Public check of a certificate from its QR code: status, level, serial, date and a masked name only."""
    certificate = (
        Certificate.objects.filter(token=token)
        .select_related("person")
        .only("level", "serial", "status", "issued_on", "ended_on", "person__name")
        .first()
    )
    if certificate is None:
        return render(request, "members/certificate_verify.html", {"certificate": None}, status=404)
    context = {
        "certificate": certificate,
        "holder": mask_name(certificate.person.name),
        "issuing_body": settings.ISSUING_BODY,
    }
    return render(request, "members/certificate_verify.html", context)


# Lookups per client address; REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["certificate_lookup"] overrides it.
LOOKUP_RATE = "10/minute"
LOOKUP_MAX_LENGTH = 200


class CertificateLookupThrottle(AddressRateThrottle):
    scope = "certificate_lookup"
    default_rate = LOOKUP_RATE


def certificate_lookup(request):
    """证书核验 from the notice board: the serial printed on a certificate leads to its verification page.

    The printed serial is not a counter: it is HL, the year and eight random base-32 characters
    (services._new_serial), about 10^12 possibilities a year, so knowing one serial says nothing about
    another, and it is matched exactly (no prefix or partial match). That makes the serial a key on its
    own, as the QR token is, and no second code is asked for; the certificate prints none besides the
    QR code. A miss looks the same whatever was typed, and lookups are limited per address (LOOKUP_RATE),
    so trying serials at random finds nothing in any useful time. The page reached shows only what the
    QR code shows: status, level, serial, dates and the masked name. Were serials ever to become
    sequential (numbers carried over from a paper register, say), this lookup would have to ask for a
    second, random code printed on the certificate as well.
    """
    code = request.GET.get("code", "").strip()[:LOOKUP_MAX_LENGTH]
    context = {"code": code}
    if not code:
        return render(request, "members/certificate_lookup.html", context)
    throttle = CertificateLookupThrottle()
    if not throttle.allow_request(request, None):
        seconds = throttle.retry_after()
        context["error"] = f"核验次数过多，请 {seconds} 秒后再试。"
        response = render(request, "members/certificate_lookup.html", context, status=429)
        response["Retry-After"] = str(seconds)
        return response
    certificate = selectors.certificate_for_code(code)
    if certificate is None:
        context["error"] = (
            f"未找到该证书。请核对证书编号（HL 开头，14 位）是否输入完整；如有疑问，请联系{settings.ISSUING_BODY}。"
        )
        return render(request, "members/certificate_lookup.html", context, status=404)
    return redirect("members:certificate_verify", token=certificate.token)


urlpatterns: list = [
    path("certificates/", CertificateListView.as_view(), name="certificate_list"),
    path("certificates/new/", CertificateCreateView.as_view(), name="certificate_create"),
    path("certificates/<int:pk>/", CertificateDetailView.as_view(), name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/promote/", CertificatePromoteView.as_view(), name="certificate_promote"),
    path("certificates/<int:pk>/demote/", CertificateDemoteView.as_view(), name="certificate_demote"),
    path("certificates/<int:pk>/revoke/", CertificateRevokeView.as_view(), name="certificate_revoke"),
    path("certificates/batch/", certificate_batch_start, name="certificate_batch_start"),
    path("certificates/batch/<str:job_id>/", certificate_batch_detail, name="certificate_batch_detail"),
    path("certificates/batch/<str:job_id>/download/", certificate_batch_download, name="certificate_batch_download"),
    path("certificates/verify/", certificate_lookup, name="certificate_lookup"),
    path("certificates/verify/<str:token>/", certificate_verify, name="certificate_verify"),
]
