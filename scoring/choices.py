from django.db import models


class Star(models.TextChoices):
    """The five stars of a 星级党员, in the handbook's order."""

    STUDY = "study", "学习进步星"
    CARE = "care", "帮扶关爱星"
    DEDICATION = "dedication", "敬业爱岗星"
    PERFORMANCE = "performance", "业绩突出星"
    INNOVATION = "innovation", "节约创新星"


STARS = list(Star.values)


class MonthStatus(models.TextChoices):
    OPEN = "open", "记分中"
    CLOSED = "closed", "已结账"


class LedgerKind(models.TextChoices):
    # Monthly credits are the closed months' results (MonthlyResult); this kind is how the ledger page shows them.
    CREDIT = "credit", "月度积分入账"
    CORRECTION = "correction", "县级更正调整"
    REDEEM = "redeem", "积分兑换"
    REFUND = "refund", "兑换冲销退回"


class RedemptionStatus(models.TextChoices):
    DONE = "done", "已兑换"
    REVERSED = "reversed", "已冲销"


class Dimension(models.TextChoices):
    """The scorecard's four dimensions (积分卡)."""

    POLITICAL = "political", "政治思想"
    DISCIPLINE = "discipline", "遵章守纪"
    SOLIDARITY = "solidarity", "团结互助"
    PERFORMANCE = "performance", "工作实绩"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "已提交待审核"
    RETURNED = "returned", "已退回"
    REVIEWED = "reviewed", "街镇已审核"
    POSTED = "posted", "公示中"
    FINAL = "final", "已确定"


class PostingKind(models.TextChoices):
    SCORECARD = "scorecard", "积分卡考评结果"
    STAR_MONTHLY = "star_monthly", "月度星级党员"
    STAR_QUARTERLY = "star_quarterly", "季度星级党员"
    STAR_RATING = "star_rating", "党组织评星定级结果"
    RED_FLAG = "red_flag", "红旗支部"


class PostingStatus(models.TextChoices):
    OPEN = "open", "公示中"
    CLOSED = "closed", "公示结束"


class PostingState(models.TextChoices):
    """Where a posting stands today, read from its dates (``Posting.state``): never stale between the nightly
    close job's runs, nor where no scheduled job runs at all."""

    UPCOMING = "upcoming", "待开始"
    OPEN = "open", "公示中"
    CLOSED = "closed", "公示结束"
    # Ended early by county staff, with a reason the public board shows; the posting and its PDF are kept.
    WITHDRAWN = "withdrawn", "已撤回"
    CORRECTED = "corrected", "已被更正"


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", "待处理"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class Criterion(models.TextChoices):
    """The six “好” of the organisation star rating (评星定级)."""

    LEADERSHIP = "leadership", "领导班子好"
    MEMBERSHIP = "membership", "党员队伍好"
    ORG_LIFE = "org_life", "组织生活好"
    SYSTEMS = "systems", "制度落实好"
    GROUNDWORK = "groundwork", "基础工作好"
    ROLE = "role", "作用发挥好"


class CampaignStep(models.TextChoices):
    """The four steps of a rating campaign, in order."""

    SELF_CHECK = "self_check", "自查初评"
    IMPROVEMENT = "improvement", "转化提升"
    INSPECTION = "inspection", "检查验收"
    AWARDED = "awarded", "授牌奖励"


CAMPAIGN_STEP_ORDER = list(CampaignStep.values)


class OrgTrack(models.TextChoices):
    """Which 五强 set applies: non-public enterprises or social organisations."""

    ENTERPRISE = "enterprise", "非公企业"
    SOCIAL_ORG = "social_org", "社会组织"


# The 五强 of 红旗支部, per track (domain §3).
FIVE_STRENGTHS = {
    OrgTrack.ENTERPRISE: ("党建引领强", "经济发展强", "科技创新强", "安全环保强", "社会责任强"),
    OrgTrack.SOCIAL_ORG: ("党建引领强", "基础条件强", "内部治理强", "发挥作用强", "社会责任强"),
}


class DesignationKind(models.TextChoices):
    WORKSHOP = "workshop", "党员示范车间"
    TEAM = "team", "党员示范班组"
    VANGUARD_POST = "vanguard_post", "党员先锋岗"
    COMMITMENT = "commitment", "三亮三比承诺"
