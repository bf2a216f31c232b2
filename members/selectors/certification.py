"""Reads of 红领党务 certification: counts per level, a holder's history."""

from django.db.models import Count, Q

from members.choices import CertLevel, CertStatus
from members.models import Certificate


def valid_counts_by_level(*, certificates) -> list[tuple[str, str, int]]:
    """(level, label, valid certificates) for each level, counted in one query."""
    counts = certificates.aggregate(
        **{level: Count("pk", filter=Q(level=level, status=CertStatus.VALID)) for level in CertLevel.values}
    )
    return [(level, str(label), counts[level]) for level, label in CertLevel.choices]


def holder_history(*, certificate: Certificate):
    """Every certificate the same person has held, newest first (promotions and demotions are new certificates)."""
    return Certificate.objects.filter(person_id=certificate.person_id).order_by("-issued_on", "-pk")
