"""Reads of the organisation spine."""

from core.models import User
from organizations.models import PartyOrganization


def can_add_party_organization(user: User) -> bool:
    """County staff add anywhere; others only under an organisation they may edit."""
    return user.is_county_admin or PartyOrganization.objects.editable_by(user).exists()
