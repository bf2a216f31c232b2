"""Excel export and printing of nominations, winners and entrepreneurs (read-only)."""

from import_export import fields

from core.imports import ScopedModelResource
from members.models import Entrepreneur, Nomination

__all__ = ["EntrepreneurResource", "NominationResource", "WinnerResource"]


class NominationResource(ScopedModelResource):
    nominee = fields.Field(attribute="__str__", column_name="候选人", readonly=True)
    organization = fields.Field("party_organization__name", "推荐党组织", readonly=True)
    area = fields.Field("area__name", "审核街镇/园区", readonly=True)
    step = fields.Field("get_step_display", "进度", readonly=True)
    return_reason = fields.Field("return_reason", "退回原因", readonly=True)

    class Meta:
        model = Nomination
        fields = ("nominee", "organization", "area", "step", "return_reason")
        export_order = fields


class WinnerResource(ScopedModelResource):
    """The printed winners list: who, from where, and the studio named after them."""

    nominee = fields.Field(attribute="__str__", column_name="姓名", readonly=True)
    kind = fields.Field("campaign__get_kind_display", "称号", readonly=True)
    organization = fields.Field("party_organization__name", "推荐党组织", readonly=True)
    area = fields.Field("area__name", "街镇/园区", readonly=True)
    studio = fields.Field(attribute=None, column_name="头雁工作室", readonly=True)

    class Meta:
        model = Nomination
        fields = ("nominee", "kind", "organization", "area", "studio")
        export_order = fields

    def dehydrate_studio(self, nomination):
        return getattr(getattr(nomination, "studio", None), "name", "")


class EntrepreneurResource(ScopedModelResource):
    name = fields.Field("name", "姓名", readonly=True)
    entity = fields.Field("entity__name", "企业", readonly=True)
    title = fields.Field("title", "职务", readonly=True)
    area = fields.Field("entity__area__name", "街镇/园区", readonly=True)
    honour_list = fields.Field(attribute=None, column_name="荣誉称号", readonly=True)
    training_list = fields.Field(attribute=None, column_name="培训", readonly=True)

    class Meta:
        model = Entrepreneur
        fields = ("name", "entity", "title", "area", "honour_list", "training_list")
        export_order = fields

    # The list prefetches honours and trainings: two queries for the whole export.
    def dehydrate_honour_list(self, entrepreneur):
        return "、".join(str(honour) for honour in entrepreneur.honours.all())

    def dehydrate_training_list(self, entrepreneur):
        return "、".join(f"{t.get_kind_display()}（{t.year}）" for t in entrepreneur.trainings.all())
