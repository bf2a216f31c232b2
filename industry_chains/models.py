from django.db import models
from simple_history.models import HistoricalRecords

from core.scope import CountyManagedQuerySet


class IndustryChainQuerySet(CountyManagedQuerySet):
    scope_chain = ""


class IndustryChain(models.Model):
    """An industry chain (纺织服装、装备制造、高端化工) with its chain Party committee."""

    name = models.CharField("产业链", max_length=50, unique=True)
    committee_name = models.CharField("产业链党委", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = IndustryChainQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(CountyManagedQuerySet):
    scope_department = ""


class Department(models.Model):
    """A county functional department that handles tickets (部门报到)."""

    name = models.CharField("部门名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=20, blank=True)

    objects = DepartmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "职能部门"
        verbose_name_plural = "职能部门"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
