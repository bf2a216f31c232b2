from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from core import notifications
from core.api.serializers import MeSerializer, NotificationSerializer
from core.api.viewsets import ScopedReadOnlyViewSet
from core.filters import NotificationFilterSet
from core.models import Notification


@extend_schema(responses=MeSerializer, summary="当前用户及其权限范围")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)


class NotificationViewSet(ScopedReadOnlyViewSet):
    """当前用户的站内通知（只含本人的）；``?unread=true`` 只看未读。"""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    @extend_schema(request=None, responses=NotificationSerializer, summary="标为已读")
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notifications.notification_mark_read(user=request.user, pk=notification.pk)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: dict}, summary="全部标为已读")
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications.notification_mark_read(user=request.user)})
