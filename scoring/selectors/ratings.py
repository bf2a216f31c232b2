"""Reads of organisation star rating: distribution by area, history per organisation."""

from django.db.models import Count, Q

from organizations.models import Area
from scoring.models import OrgRating, RatingCampaign


def distribution_by_area(*, campaign: RatingCampaign, ratings=None) -> list[dict]:
    """Per area: how many organisations have 5, 4, 3, 2, 1 and no stars. One query."""
    ratings = ratings if ratings is not None else OrgRating.objects.all()
    counts = {f"s{stars}": Count("pk", filter=Q(stars=stars)) for stars in (5, 4, 3, 2, 1)}
    rows = (
        ratings.filter(campaign=campaign)
        .values("party_organization__area")
        .annotate(total=Count("pk"), none=Count("pk", filter=Q(stars__isnull=True) | Q(stars=0)), **counts)
        .order_by("party_organization__area")
    )
    names = dict(Area.objects.values_list("pk", "name"))
    return [{"area": names.get(row["party_organization__area"], ""), **row} for row in rows]


def history(*, party_organization) -> list[OrgRating]:
    return list(
        OrgRating.objects.filter(party_organization=party_organization)
        .select_related("campaign")
        .order_by("-campaign__year")
    )
