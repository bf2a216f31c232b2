from django.db import models


class AreaKind(models.TextChoices):
    STREET = "street", "街道"
    TOWN = "town", "镇"
    PARK = "park", "园区"
    DEV_ZONE = "dev_zone", "开发区"


class PartyOrgKind(models.TextChoices):
    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"


class EstablishmentMethod(models.TextChoices):
    STANDALONE = "standalone", "单独建"
    JOINT = "joint", "联合建"
    FALLBACK = "fallback", "兜底建"


class DemoLevel(models.TextChoices):
    NONE = "", "无"
    COUNTY = "county", "县级示范点"
    CITY = "city", "市级示范点"


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", "非公企业"
    SOCIAL_ORG = "social_org", "社会组织"
    ASSOCIATION = "association", "行业协会商会"
    NEW_EMPLOYMENT = "new_employment", "新就业群体"


class MassOrgKind(models.TextChoices):
    UNION = "union", "工会"
    YOUTH_LEAGUE = "youth_league", "共青团"
    WOMEN = "women", "妇联"
    OTHER = "other", "其他群团组织"


class PartnerKind(models.TextChoices):
    ORGAN = "organ", "机关党组织"
    VILLAGE = "village", "村党组织"
    COMMUNITY = "community", "社区党组织"


class PairingActivityKind(models.TextChoices):
    SHARED_VENUE = "shared_venue", "阵地共用"
    JOINT_EVENT = "joint_event", "活动联办"
    SHARED_RESOURCE = "shared_resource", "资源联享"


class CampaignStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class CampaignHalf(models.IntegerChoices):
    FIRST = 1, "上半年"
    SECOND = 2, "下半年"


class CadreKind(models.TextChoices):
    LEADER = "leader", "副科级以上领导干部"
    COMMITTEE_MEMBER = "committee_member", "两新工委委员"


class LiaisonVisitKind(models.TextChoices):
    RESEARCH = "research", "走访调研"
    DISCIPLINE = "discipline", "党纪学习教育"
    LECTURE = "lecture", "我来讲党课"
    SERVICE = "service", "我为群众办实事"


class StationedActivityKind(models.TextChoices):
    POLICY_VISIT = "policy_visit", "送政策上门"
    PROJECT = "project", "项目帮办"
    OTHER = "other", "其他服务"


class FundSource(models.TextChoices):
    REFUNDED_DUES = "refunded_dues", "党费返还"
    PRETAX_EXPENSE = "pretax_expense", "税前列支"
    RETAINED_DUES = "retained_dues", "党费留存"
    DONATION = "donation", "捐赠"


class FundPurpose(models.TextChoices):
    ACTIVITIES = "activities", "组织活动"
    STUDY_MATERIALS = "study_materials", "学习资料"
    VISITING_DIFFICULTY = "visiting_difficulty", "慰问困难党员"
    VENUE = "venue", "阵地建设"
    OTHER = "other", "其他"


# Refunded Party dues may only pay for these (党费返还使用范围).
REFUNDED_DUES_PURPOSES = {FundPurpose.ACTIVITIES, FundPurpose.STUDY_MATERIALS, FundPurpose.VISITING_DIFFICULTY}
