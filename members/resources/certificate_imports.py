"""Excel import of 红领党务 certificates a county already issued before it used the system: each row keeps its own
serial and date and is written by ``certificate_record_existing`` (the grant's rules but not its level
requirements, which were judged when the certificate was issued)."""

from import_export import fields

from core.imports import register_import
from core.widgets import ChoiceLabelWidget, CountWidget, DateCellWidget, StrictForeignKeyWidget
from members.choices import CertLevel
from members.models import Certificate, Person
from members.services import certification as services
from organizations.resources.entities import CreateOnlyResource

ID_NUMBER = "身份证号"
SERIAL = "证书编号"


class EditablePersonWidget(StrictForeignKeyWidget):
    """A person named by 身份证号, among those the importer may edit."""

    def __init__(self, resource):
        super().__init__(Person, "id_number", label="人员")
        self.resource = resource

    def lookup_key(self, value, row):
        return str(value).strip().upper()

    def get_queryset(self, value, row, *args, **kwargs):
        return Person.objects.editable_by(self.resource.user)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float):  # a number cell: Excel may have turned the digits into a float
            value = f"{value:.0f}"
        if isinstance(value, str):
            value = value.strip().upper()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"找不到身份证号为“{value}”的人员，或不在您的管理范围内") from None


@register_import("certificates", label="已有红领党务证书", list_url_name="members:certificate_list")
class CertificateImportResource(CreateOnlyResource):
    person = fields.Field("person", ID_NUMBER)
    level = fields.Field("level", "等级", widget=ChoiceLabelWidget(CertLevel.choices))
    serial = fields.Field("serial", SERIAL)
    issued_on = fields.Field("issued_on", "发证日期", widget=DateCellWidget())
    annual_score = fields.Field("annual_score", "年度考核得分", widget=CountWidget())

    class Meta:
        model = Certificate
        fields = ("person", "level", "serial", "issued_on", "annual_score")
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    compact_columns = (ID_NUMBER, SERIAL)
    required_values = (ID_NUMBER, "等级", SERIAL, "发证日期", "年度考核得分")
    duplicate_columns = (SERIAL,)
    column_help = {
        ID_NUMBER: (
            "持证人的 18 位居民身份证号码；须是系统中已登记、您管理范围内的党员（含预备党员）",
            "18 位，末位可为 X；请把单元格设为“文本”，以免 Excel 改成科学计数",
        ),
        "等级": ("证书上的等级", "从下拉列表中选择：初级、中级或高级"),
        SERIAL: ("证书上印的编号，原样保留", "字母和数字，不超过 20 位；不能与已登记的证书重复"),
        "发证日期": ("证书上的发证日期；两年动态调整期由此起算", "日期，如 2024-03-01，不能晚于今天"),
        "年度考核得分": ("发证时依据的年度考核得分", "0 到 100 的整数"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["person"].widget = EditablePersonWidget(self)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        if ID_NUMBER in headers:  # one query for the whole file
            self.fields["person"].widget.prefetch(dataset.get_col(headers.index(ID_NUMBER)))

    def save_instance(self, instance, is_create, row, **kwargs):
        created = services.certificate_record_existing(
            by=self.user,
            person=instance.person,
            level=instance.level,
            serial=instance.serial,
            issued_on=instance.issued_on,
            annual_score=instance.annual_score,
        )
        instance.pk = created.pk
