from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.MembersIndexView.as_view(), name="index"),
]
