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
