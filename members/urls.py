from django.urls import path

from members.views import certification, people, selections
from members.views.index import MembersIndexView

app_name = "members"

urlpatterns = [
    path("", MembersIndexView.as_view(), name="index"),
]
urlpatterns += people.urlpatterns + certification.urlpatterns + selections.urlpatterns
