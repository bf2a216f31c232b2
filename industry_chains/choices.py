"""Choice sets of the industry-chain area."""

from django.db import models


class MemberRole(models.TextChoices):
    """A chain committee member's place: the secretary is the head of the chain's task force (产业专班主任)."""

    SECRETARY = "secretary", "党委书记（产业专班主任）"
    FULL_TIME = "full_time", "专职委员"
    PART_TIME = "part_time", "兼职委员"
    INSTRUCTOR = "instructor", "党建指导员"


class UnitKind(models.TextChoices):
    """“2+2+7+N”: two leading departments, two implementing units, seven factor-support groups, N member units."""

    LEADING = "leading", "牵头部门"
    IMPLEMENTING = "implementing", "实施单位"
    FACTOR = "factor", "要素保障组"
    MEMBER = "member", "成员单位"


# How many units of each kind the “2+2+7+N” structure has (None: any number).
UNIT_LIMITS = {UnitKind.LEADING: 2, UnitKind.IMPLEMENTING: 2, UnitKind.FACTOR: 7, UnitKind.MEMBER: None}


class TurnStatus(models.TextChoices):
    SCHEDULED = "scheduled", "按序轮值"
    SWAPPED = "swapped", "已调换"
    REASSIGNED = "reassigned", "已改派"
    SKIPPED = "skipped", "轮空"


class ActivityKind(models.TextChoices):
    """The four kinds of “红色沙龙” hosted by the duty enterprise."""

    SITE_VISIT = "site_visit", "现场观摩"
    POLICY = "policy", "政策宣传"
    FORUM = "forum", "座谈交流"
    TRAINING = "training", "教育培训"


class TicketCategory(models.TextChoices):
    LABOUR = "labour", "用工招工"
    FINANCE = "finance", "融资信贷"
    LAND = "land", "用地用房"
    APPROVAL = "approval", "审批办证"
    TECHNOLOGY = "technology", "技术人才"
    LOGISTICS = "logistics", "水电气运"
    POLICY = "policy", "政策兑现"
    OTHER = "other", "其他"


class TicketStatus(models.TextChoices):
    """The closed loop: 吹哨 → 接单/退回 → 派单 → 办单 → (会商) → 确认 → 销号; a rejection reopens it."""

    REPORTED = "reported", "待接单"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "待派单"
    DISPATCHED = "dispatched", "办理中"
    REPLIED = "replied", "待企业确认"
    CLOSED = "closed", "已销号"


OPEN_STATUSES = (TicketStatus.REPORTED, TicketStatus.ACCEPTED, TicketStatus.DISPATCHED, TicketStatus.REPLIED)


class HandlerRole(models.TextChoices):
    LEAD = "lead", "主办"
    CO = "co", "协办"


class TicketStep(models.TextChoices):
    """Every step of a ticket's timeline."""

    REPORT = "report", "企业吹哨"
    ACCEPT = "accept", "接单"
    RETURN = "return", "退回"
    DISPATCH = "dispatch", "派单"
    REPLY = "reply", "办单答复"
    CONSULT = "consult", "难题会商"
    EXTEND = "extend", "申请延期"
    CONFIRM = "confirm", "企业确认"
    REJECT = "reject", "企业不认可（重办）"
    CLOSE = "close", "销号"
    SUPERVISE = "supervise", "逾期督办"


class PolicyCategory(models.TextChoices):
    FINANCE = "finance", "财税金融"
    TALENT = "talent", "人才用工"
    INNOVATION = "innovation", "科技创新"
    INDUSTRY = "industry", "产业发展"
    LAND = "land", "用地环保"
    OTHER = "other", "其他"


class ResultKind(models.TextChoices):
    LOAN = "loan", "获得贷款"
    TITLE = "title", "荣誉称号"
    PROJECT = "project", "项目落地"
    OTHER = "other", "其他"
