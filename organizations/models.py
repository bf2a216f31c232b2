from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.scope import CountyManagedQuerySet, ScopedQuerySet
from organizations.choices import AreaKind, EstablishmentMethod, PartyOrgKind


class AreaQuerySet(CountyManagedQuerySet):
    scope_area = ""


class Area(models.Model):
    """A town, street, park or development zone: the county's first level, with its own Party committee."""

    name = models.CharField("名称", max_length=50, unique=True)
    kind = models.CharField("类型", max_length=20, choices=AreaKind.choices)
    code = models.CharField("编码", max_length=20, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = AreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "街镇/园区"
        verbose_name_plural = "街镇/园区"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class PartyOrganizationQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    scope_area = "area"
    scope_org = ""

    def with_parent_name(self):
        """Annotate ``parent_name`` in the same query (the parent's path is ours minus one step)."""
        parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - PartyOrganization.steplen)
        parents = PartyOrganization.objects.filter(path=parent_path).values("name")[:1]
        return self.annotate(parent_name=Subquery(parents))


class PartyOrganizationManager(MP_NodeManager.from_queryset(PartyOrganizationQuerySet)):
    def get_queryset(self):
        return PartyOrganizationQuerySet(self.model, using=self._db).order_by("path")


class PartyOrganization(MP_Node):
    """A Party organisation in the tree under the area committees (materialised path)."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("组织类型", max_length=20, choices=PartyOrgKind.choices)
    establishment_method = models.CharField(
        "组建方式", max_length=20, choices=EstablishmentMethod.choices, blank=True, help_text="街镇/园区党委不填"
    )
    area = models.ForeignKey(Area, verbose_name="所属街镇/园区", on_delete=models.PROTECT, related_name="party_orgs")
    founded_on = models.DateField("成立日期", null=True, blank=True)
    is_active = models.BooleanField("存续", default=True)

    node_order_by = ["name"]
    objects = PartyOrganizationManager()
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs a pattern-ops index to use the tree path.
            models.Index(fields=["path"], name="partyorg_path_like", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="partyorg_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name
