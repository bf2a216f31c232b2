from django.urls import path

from core import account_views, archive_views, golive_views, holiday_views, print_views, report_views, views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("imports/<slug:key>/new/", views.import_start, name="import_start"),
    path("imports/<slug:key>/template/", views.import_template, name="import_template"),
    path("imports/jobs/<int:pk>/", views.import_job_detail, name="import_job_detail"),
    path("imports/jobs/<int:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("imports/jobs/<int:pk>/cancel/", views.import_job_cancel, name="import_job_cancel"),
    path("imports/jobs/<int:pk>/rerun/", views.import_job_rerun, name="import_job_rerun"),
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<slug:job_id>/rerun/", views.job_rerun, name="job_rerun"),
    path("imports/jobs/<int:pk>/slips/", views.import_job_slips, name="import_job_slips"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("go-live/", golive_views.golive_page, name="golive"),
    path("users/", account_views.AccountListView.as_view(), name="account_list"),
    path("users/<int:pk>/", account_views.account_detail, name="account_detail"),
    path("users/<int:pk>/reset/", account_views.account_act, {"act": "reset"}, name="account_reset"),
    path("users/<int:pk>/reset/done/", account_views.account_reset_done, name="account_reset_done"),
    path("users/<int:pk>/deactivate/", account_views.account_act, {"act": "deactivate"}, name="account_deactivate"),
    path("users/<int:pk>/activate/", account_views.account_act, {"act": "activate"}, name="account_activate"),
    path("audit/personal-data/", views.PersonalDataAccessListView.as_view(), name="personaldataaccess_list"),
]
urlpatterns += archive_views.urlpatterns + report_views.urlpatterns + holiday_views.urlpatterns
urlpatterns += print_views.urlpatterns
