import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from config.celery import app as celery_app
from core import accounts, figures, imports, jobs, todos
from core import notifications as notify_services
from core.access import permitted
from core.choices import AccountAction, Role
from core.filters import NotificationFilterSet, PersonalDataAccessFilterSet
from core.forms import FiguresScopeForm, ImportUploadForm
from core.http import XLSX, file_response
from core.mixins import ScopedListView
from core.models import ImportJob, Job, Notification, PersonalDataAccess, User

logger = logging.getLogger(__name__)


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role's first page: county and area staff the figures, everyone what awaits them today."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["todos"] = todos.for_user(user)
        notify_services.notifications_settle(user=user)  # what is done no longer waits unread
        context["unread"] = Notification.objects.visible_to(user).unread()[:5]
        context["recent_imports"] = ImportJob.objects.visible_to(user)[:5]
        if user.is_county_admin or user.role == Role.AREA_REVIEWER:
            form = FiguresScopeForm(self.request.GET or None, user=user)
            context["figures_form"] = form
            context["figure_scope"] = scope = form.scope()
            context["sections"] = figures.sections(scope)
        return context


def page_not_found(request, exception):
    """A 404: JSON under the API (an address no route matches, such as a malformed id), the Chinese page elsewhere."""
    if request.path.startswith(reverse("api:api-root")):
        return JsonResponse({"detail": "未找到。"}, status=404)
    return defaults.page_not_found(request, exception)


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: the database and the broker, each ok or not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        logger.warning("healthz database check failed: %s", error)
        checks["database"] = "error"
    if celery_app.conf.task_always_eager:
        checks["broker"] = "in-process"
    else:
        try:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as error:
            logger.warning("healthz broker check failed: %s", error)
            checks["broker"] = "error"
    healthy = all(value in {"ok", "in-process"} for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _import_kind_or_404(key):
    kind = imports.get_import_kind(key)
    if kind is None:
        raise Http404
    return kind


def may_import(user, key: str) -> bool:
    """Whether the user may upload a file of this kind (an unknown kind is the view's 404)."""
    kind = imports.get_import_kind(key)
    return kind is None or kind.model._default_manager.addable_by(user)


@login_required
@permitted(may_import)
def import_start(request, key):
    """Upload page: template download, file upload; validation runs as a task."""
    kind = _import_kind_or_404(key)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                job = imports.import_job_create(
                    user=request.user, resource_key=key, uploaded_file=form.cleaned_data["file"]
                )
                # Sent after commit; a broker that does not answer leaves the job waiting, never a failed request.
                transaction.on_commit(lambda: imports.import_job_send(job.pk))
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("core:import_job_detail", pk=job.pk)
    return render(request, "core/import_start.html", {"kind": kind, "form": form})


@login_required
@require_GET
def import_template(request, key):
    kind = _import_kind_or_404(key)
    workbook = kind.resource_class(user=request.user).template_workbook(title=kind.label)
    return file_response(workbook, f"{kind.label}导入模板.xlsx", XLSX)


@login_required
@require_GET
def import_job_slips(request, pk):
    """The one-time passwords of an accounts import, one slip per person, while they are kept (a day)."""
    from django.conf import settings

    from core.pdf import pdf_response, render_pdf

    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk, resource_key="accounts")
    slips = imports.slips_get(job)
    if not slips:
        messages.error(request, "初始密码条已不再保存（导入一天后删除）。请在用户管理中为需要的账号重置密码。")
        return redirect("core:import_job_detail", pk=job.pk)
    pdf = render_pdf(
        "core/account_slips_pdf.html",
        {"slips": slips, "title": "账号初始密码", "site_url": settings.SITE_URL},
        request=request,
    )
    return pdf_response(pdf, f"账号初始密码_{job.pk}.pdf")


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also ends the one-time password's hold on every page."""

    def form_valid(self, form):
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk).update(must_change_password=False)
        accounts.account_event(account=form.user, by=form.user, action=AccountAction.PASSWORD_CHANGED)
        return response


@login_required
def import_job_detail(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    kind = imports.get_import_kind(job.resource_key)
    context = {
        "job": job,
        "kind": kind,
        "progress_rows": imports.progress_get(job),
        "has_slips": imports.slips_get(job),
    }
    template = "core/_import_job_status.html" if request.htmx else "core/import_job_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def import_job_confirm(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    if imports.import_job_confirm(job=job):
        messages.info(request, "已开始导入，请稍候。")
    else:
        messages.error(request, "只有校验通过的文件才能确认导入。")
    return redirect(reverse("core:import_job_detail", args=[job.pk]))


@login_required
@require_POST
def import_job_rerun(request, pk):
    """重新运行 an interrupted import: it resumes the step (check or write) it was cut off in."""
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    if imports.import_job_rerun(job=job):
        messages.info(request, "已重新排队，请稍候。")
    else:
        messages.error(request, "只有已中断的导入可以重新运行。")
    return redirect(reverse("core:import_job_detail", args=[job.pk]))


class JobListView(LoginRequiredMixin, TemplateView):
    """后台任务: the user's own reports, exports and certificate batches, and for county staff the scheduled
    closes, each with its state (read from the database: the page works with the broker and the cache down)."""

    template_name = "core/job_list.html"
    limit = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = Job.objects.visible_to(self.request.user)[: self.limit]
        context["jobs"] = [(row, jobs.KINDS.get(row.kind), jobs.job_dict(row) | {"job_id": row.pk.hex}) for row in rows]
        return context


@login_required
@require_POST
def job_rerun(request, job_id):
    """重新运行 a failed or interrupted job, by whoever may see it (its owner; county staff for the scheduled ones)."""
    try:
        row = Job.objects.visible_to(request.user).get(pk=job_id)
    except (Job.DoesNotExist, ValidationError):  # no such job for this user, or not a job id at all
        raise Http404 from None
    try:
        jobs.job_rerun(job_id=row.pk, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, "已重新排队，请稍候。")
    kind = jobs.KINDS.get(row.kind)
    if row.user_id is None or kind is None:
        return redirect("core:job_list")
    return redirect(kind.detail_url, job_id=row.pk.hex)


@login_required
@require_POST
def import_job_cancel(request, pk):
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    imports.import_job_cancel(job=job)
    messages.info(request, "已取消本次导入，未写入任何数据。")
    kind = imports.get_import_kind(job.resource_key)
    return redirect(kind.list_url_name if kind else "core:home")


class NotificationListView(ScopedListView):
    """收件箱: the user's own notifications, newest first, unread ones marked."""

    model = Notification
    filterset_class = NotificationFilterSet
    template_name = "core/notification_list.html"

    def get(self, request, *args, **kwargs):
        notify_services.notifications_settle(user=request.user)  # what is done no longer waits unread
        return super().get(request, *args, **kwargs)

    def get_print_title(self) -> str:
        return "站内通知"


class PersonalDataAccessListView(ScopedListView):
    """完整个人信息查看记录: every view or export of full 身份证号 and phones, for county staff."""

    model = PersonalDataAccess
    filterset_class = PersonalDataAccessFilterSet
    template_name = "core/personaldataaccess_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_county_admin:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_print_title(self) -> str:
        return "完整个人信息查看记录"


def _local_url(request, url: str) -> str | None:
    allowed = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False)
    return url if url and allowed else None


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read; with ``open`` go on to what it is about."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    notify_services.notification_mark_read(user=request.user, pk=notification.pk)
    target = _local_url(request, notification.url) if request.POST.get("open") else None
    return redirect(target or _local_url(request, request.POST.get("next", "")) or "core:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    """Mark every notification of the user read."""
    count = notify_services.notification_mark_read(user=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("core:notification_list")
