"""Reads of 党建惠企: the policies that apply to an enterprise."""

import datetime

from django.db.models import Q

from industry_chains.models import ChainEnterprise, Policy


def policies_for(*, entity, on: datetime.date, policies=None):
    """Policies in force on ``on`` for the chains the enterprise belongs to (or all chains), fitting its size."""
    policies = Policy.objects.all() if policies is None else policies
    chain_ids = ChainEnterprise.objects.filter(entity=entity, is_active=True).values("chain_id")
    applicable = Policy.objects.in_force(on).filter(min_staff__lte=entity.staff_count)
    applicable = applicable.filter(Q(chains__isnull=True) | Q(chains__in=chain_ids))
    return policies.filter(pk__in=applicable.values("pk"))
