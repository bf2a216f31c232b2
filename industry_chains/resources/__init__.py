from import_export import fields

from core.imports import ScopedModelResource
from industry_chains.models import Department, IndustryChain


class IndustryChainResource(ScopedModelResource):
    name = fields.Field("name", "产业链")
    committee_name = fields.Field("committee_name", "产业链党委")

    class Meta:
        model = IndustryChain
        fields = ("name", "committee_name")
        export_order = fields


class DepartmentResource(ScopedModelResource):
    name = fields.Field("name", "部门名称")
    short_name = fields.Field("short_name", "简称")

    class Meta:
        model = Department
        fields = ("name", "short_name")
        export_order = fields


# The imports register themselves on import of this package.
from industry_chains.resources.imports import ChainEnterpriseImportResource, DepartmentHandlerImportResource  # noqa: E402, F401
