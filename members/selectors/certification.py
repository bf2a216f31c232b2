"""Reads of 红领党务 certification: a holder's history, the public lookup by serial."""

import re
import unicodedata

from django.db.models import Q

from members.models import Certificate


def holder_history(*, certificate: Certificate):
    """Every certificate the same person has held, newest first (promotions and demotions are new certificates)."""
    return Certificate.objects.filter(person_id=certificate.person_id).order_by("-issued_on", "-pk")


# The path in a certificate's QR link, for a visitor who pastes the link a scanner app showed them.
VERIFY_LINK = re.compile(r"/certificates/verify/([A-Za-z0-9_-]+)")


def certificate_for_code(code: str) -> Certificate | None:
    """The certificate whose printed serial, or whose QR link (or the token in it), is exactly ``code``."""
    text = unicodedata.normalize("NFKC", code)  # full-width letters typed with a Chinese IME
    link = VERIFY_LINK.search(text)
    if link:
        return Certificate.objects.filter(token=link.group(1)).only("token").first()
    compact = re.sub(r"\s+", "", text)
    serial = compact.replace("-", "").upper()
    return Certificate.objects.filter(Q(serial=serial) | Q(token=compact)).only("token").first()
