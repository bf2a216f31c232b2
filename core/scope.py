"""The one scoping mechanism: every query of a scoped model starts from the user's scope.

A scoped model's QuerySet says how each kind of scope node reaches its rows (a lookup path per
anchor). ``visible_to(user)`` and ``editable_by(user)`` turn the user's role and node into one
``Q``; views, viewsets, exports, imports and PDFs all start from them, so a row outside the scope
simply does not exist for that user (a 404, never a 403).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from core.choices import Role

if TYPE_CHECKING:
    from core.models import User

NOTHING = Q(pk__in=[])


def _lookup(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


class ScopedQuerySet(models.QuerySet):
    """Base QuerySet of every scoped model; subclasses set how each scope anchor reaches a row.

    Each ``scope_*`` attribute is a lookup path from this model to the anchor model ("" means the
    model itself); ``None`` means users of that role never see these rows.
    """

    scope_area: str | None = None
    scope_org: str | None = None
    scope_chain: str | None = None
    scope_department: str | None = None
    # Rows every signed-in user may read (reference data such as the list of areas).
    visible_to_all_staff: bool = False
    # Set when a scope lookup crosses a to-many relation (it would otherwise repeat rows).
    scope_multi_valued: bool = False

    def scope_q(self, user: User) -> Q:
        if not user.is_authenticated or not user.is_active:
            return NOTHING
        if user.is_superuser or user.role == Role.COUNTY_ADMIN:
            return Q()
        if user.role == Role.AREA_REVIEWER:
            return self._anchor_q(self.scope_area, user.area_id)
        if user.role == Role.ORG_SECRETARY:
            if self.scope_org is None or user.party_organization_id is None:
                return NOTHING
            # The secretary's organisation and every organisation under it (materialised path).
            return Q(**{_lookup(self.scope_org, "path__startswith"): user.scope_org_path})
        if user.role == Role.CHAIN_STAFF:
            return self._anchor_q(self.scope_chain, user.chain_id)
        if user.role == Role.DEPT_HANDLER:
            return self._anchor_q(self.scope_department, user.department_id)
        return NOTHING

    @staticmethod
    def _anchor_q(path: str | None, node_id: int | None) -> Q:
        if path is None or node_id is None:
            return NOTHING
        return Q(**{_lookup(path, "pk"): node_id})

    def _in_scope(self, user: User) -> ScopedQuerySet:
        q = self.scope_q(user)
        if self.scope_multi_valued and q:
            # A lookup through a to-many relation would repeat rows; a subquery keeps each row once.
            return self.filter(pk__in=self.model._default_manager.filter(q).values("pk"))
        return self.filter(q)

    def visible_to(self, user: User) -> ScopedQuerySet:
        """Rows the user may read."""
        if self.visible_to_all_staff and user.is_authenticated and user.is_active:
            return self.all()
        return self._in_scope(user)

    def editable_by(self, user: User) -> ScopedQuerySet:
        """Rows the user may change; by default the same rows as they may read."""
        return self._in_scope(user)

    def within_scope(self, user: User) -> ScopedQuerySet:
        """Rows inside the user's own scope, also for reference data every user may read (an area
        reviewer reads the list of all areas, but its figures are about its own)."""
        return self._in_scope(user)

    def choices_for(self, user: User) -> ScopedQuerySet:
        """What a drop-down may offer the user (filters, forms): by default what they may read."""
        return self.visible_to(user)

    def reaches(self, user: User) -> bool:
        """Whether the user's role can hold rows of this kind at all (no query): a list of them is worth
        offering. A department's handler reaches no Party members, however many there are."""
        if not user.is_authenticated or not user.is_active:
            return False
        return self.visible_to_all_staff or self.scope_q(user) != NOTHING

    def addable_by(self, user: User) -> bool:
        """Whether the user may add rows of this kind at all: county staff, or anyone with a row to edit."""
        if not user.is_authenticated or not user.is_active:
            return False
        return user.is_county_admin or self.editable_by(user).exists()


class AddedByOrganisationEditors:
    """A queryset mixin for rows recorded for a Party organisation or its members: whoever has an organisation to
    edit may add them (by page or import) before the first exists; the service refuses rows outside the scope."""

    def addable_by(self, user) -> bool:
        from organizations.models import PartyOrganization

        return PartyOrganization.objects.addable_by(user)


class CountyManagedQuerySet(ScopedQuerySet):
    """Reference data every staff member reads and only county administrators change."""

    visible_to_all_staff = True

    def editable_by(self, user: User) -> ScopedQuerySet:
        if user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.COUNTY_ADMIN):
            return self.all()
        return self.none()
