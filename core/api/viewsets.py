"""The scoped viewset base every area's API uses."""

from rest_framework import permissions, viewsets


class ScopedViewSetMixin:
    """Reads start from ``visible_to(user)``, writes from ``editable_by(user)``: outside is a 404."""

    def get_queryset(self):
        manager = self.queryset.model._default_manager
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS:
            queryset = manager.visible_to(user)
        else:
            queryset = manager.editable_by(user)
        return self.scope_queryset(queryset)

    def scope_queryset(self, queryset):
        """Hook for select_related/annotations; never widens the scope."""
        return queryset


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
