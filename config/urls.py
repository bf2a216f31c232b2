from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.forms import LoginForm
from core.lockout import login_notice
from core.views import AccountPasswordChangeView, healthz, page_not_found
from scoring.views.postings import posting_public_list

handler404 = page_not_found

admin.site.site_header = "红色引擎 管理后台"
admin.site.site_title = "红色引擎"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", include("core.urls")),
    path("healthz", healthz, name="healthz"),
    # The public notice board at a short address, for printed notices and the county's website.
    path("notices/", posting_public_list, name="notices"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True,
            authentication_form=LoginForm,
            extra_context={"lockout_notice": login_notice},  # read at each render, from the settings
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", AccountPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("scoring/", include("scoring.urls")),
    path("chains/", include("industry_chains.urls")),
    path("party-life/", include("party_life.urls")),
    path("help/", include("manual.urls")),
    path("api/", include("config.api")),
    path("admin/", admin.site.urls),
]
