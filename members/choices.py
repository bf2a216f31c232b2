from django.db import models


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    JUNIOR_HIGH = "junior_high", "初中及以下"
    HIGH_SCHOOL = "high_school", "高中/中专"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


class Post(models.TextChoices):
    MANAGEMENT = "management", "管理层"
    TECHNICAL = "technical", "技术骨干"
    STAFF = "staff", "普通员工"


class Stage(models.TextChoices):
    """The development pipeline (发展党员), in order."""

    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"


STAGE_ORDER = list(Stage.values)


class TalentRecordKind(models.TextChoices):
    CONTEST = "contest", "技能竞赛"
    HONOUR = "honour", "荣誉"


class CertLevel(models.TextChoices):
    JUNIOR = "junior", "初级"
    INTERMEDIATE = "intermediate", "中级"
    SENIOR = "senior", "高级"


CERT_LEVEL_ORDER = list(CertLevel.values)


class CertStatus(models.TextChoices):
    VALID = "valid", "有效"
    PROMOTED = "promoted", "已晋级（换发新证）"
    DEMOTED = "demoted", "已降级（换发新证）"
    REVOKED = "revoked", "已撤销（证书收回）"


class SelectionKind(models.TextChoices):
    SECRETARY = "secretary", "优秀党组织书记"
    INSTRUCTOR = "instructor", "“红帆”党建指导员"


class SelectionStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class NominationStep(models.TextChoices):
    """红色头雁: personal application → own organisation → department/area → county."""

    APPLIED = "applied", "个人申请"
    RECOMMENDED = "recommended", "党组织推荐"
    REVIEWED = "reviewed", "部门/街镇审核通过"
    SELECTED = "selected", "县级评定入选"
    NOT_SELECTED = "not_selected", "未入选"
    RETURNED = "returned", "已退回"


class TrainingKind(models.TextChoices):
    EMBA = "emba", "EMBA"
    MBA = "mba", "MBA"
    BENCHMARK = "benchmark", "标杆学习"
    OTHER = "other", "其他培训"


class EntrepreneurHonourLevel(models.TextChoices):
    MERIT = "merit", "功勋企业家"
    OUTSTANDING = "outstanding", "杰出企业家"
    EXCELLENT = "excellent", "优秀企业家"
