from django.urls import path

from manual import views

app_name = "manual"

urlpatterns = [
    path("manual/", views.manual_own, name="manual_own"),
]
