from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from core.api.serializers import MeSerializer


@extend_schema(responses=MeSerializer, summary="当前用户及其权限范围")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)
