from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from core import notifications
from core.api.serializers import MeSerializer, NotificationSerializer
from core.api.viewsets import ScopedReadOnlyViewSet
from core.filters import NotificationFilterSet
from core.lockout import locked_out_message
from core.models import Notification


class LockedOut(APIException):
    status_code = 429
    default_code = "locked_out"


class TokenView(ObtainAuthToken):
    """The token endpoint: like the login page, it tells a locked-out client so, and for how long."""

    authentication_classes = ()  # it signs in: a stale token in the header must not stand in the way

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: AuthTokenSerializer,
            400: OpenApiResponse(description="用户名或密码不正确"),
            429: OpenApiResponse(description="登录失败次数过多，账号已临时锁定"),
        },
        summary="用用户名和密码换取 Token",
        description="登录失败次数过多（同一账号或同一地址）时临时锁定：答 429，并说明多久后再试。",
    )
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes marks the request when this failure (or an earlier one) locked the account or address.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(locked_out_message(request)) from None
            raise


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
