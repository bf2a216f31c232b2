"""The round-trip table: one row per form page of the permission matrix (see test_form_round_trip.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse

from industry_chains.models import (
    ChainActivity,
    ChainEnterprise,
    ChainMember,
    ChainUnit,
    DepartmentHandler,
    EnterpriseResult,
    Expert,
    ExpertVisit,
    Policy,
    Ticket,
)
from members.models import Certificate, Nomination, Person
from members.validators import id_check_char
from organizations.demo.entities import credit_code
from organizations.models import (
    Area,
    Entity,
    FundEntry,
    Instructor,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PairingActivity,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    SurveyRecord,
    Venue,
)
from party_life.models import DuesBase, DuesPayment, DuesRefund, DuesRemittance, PartyGroup
from scoring.choices import Criterion, Dimension
from scoring.models import (
    Designation,
    HandbookVersion,
    MonthCorrection,
    Posting,
    RatingSheet,
    Redemption,
    RewardItem,
    Scorecard,
    ScorecardTemplate,
)


@dataclass
class Row:
    """How to round-trip one form page.

    ``model``: the record the page writes. ``edit``: the page edits the record named by its first URL argument
    (otherwise it creates one, the newest of ``model``). ``values``: new values for fields the generic ones would
    break a rule on (a callable gets the world). ``reopen``: the edit page of a created record, to read the saved
    values back where they were typed; without one they are read from the record. ``read``: how a field is read
    from the record when its name is not the model's. ``skip``: fields (b) leaves as they are, with the reason.
    ``required``: the field (c) empties (the first required text, number or date field otherwise). ``step``: the
    page takes the record named by its first URL argument a step further (its values are read from the record).
    ``refuse``: a value the page (its form or its service) refuses per field, the rest filled validly: the message
    must stand next to that field.
    """

    model: type[models.Model]
    persona: str | None = None
    edit: bool = False
    values: dict = field(default_factory=dict)
    reopen: Callable | None = None
    read: dict = field(default_factory=dict)
    skip: dict = field(default_factory=dict)
    required: str | None = None
    args: Callable | None = None
    step: bool = False
    refuse: dict = field(default_factory=dict)


@dataclass
class Exempt:
    """A form page that does not write a plain record (a wizard, an import, a confirmation): the reason."""

    reason: str


RATING_CAPS = (20, 15, 20, 15, 15, 15)  # a rating sheet's six caps add up to 100
CARD_CAPS = (30, 20, 20, 30)  # as do a scorecard template's four


def id_number(first17: str) -> str:
    """A 身份证号 with its check digit (the birth date and sex are in the first 17 digits)."""
    return first17 + id_check_char(first17)


def certificate(serial: str, level: str, **extra) -> Callable:
    """URL arguments: a certificate of its own (a person per certificate) at a level."""

    def build(world) -> list[int]:
        from datetime import date

        from tests.members.matrix_certification import person_a

        return [
            Certificate.objects.create(
                person=person_a(world, name=f"红领{serial}", serial=serial),
                level=level,
                serial=f"HL2025RT{serial}",
                token=f"round-trip-{serial}",
                issued_on=date(2024, 1, 1),
                review_due_on=date(2026, 1, 1),
                annual_score=85,
                issued_by=world.users["county_admin"],
                **extra,
            ).pk
        ]

    return build


def demoted_reason(new: Certificate) -> str:
    """The reason given for a demotion, kept on the certificate it ended (降级为中级：reason)."""
    old = Certificate.objects.filter(person=new.person, status="demoted").latest("ended_on")
    return old.end_reason.partition("：")[2]


def closed_month(world) -> list[int]:
    """URL arguments: this month, closed (only a closed month is corrected)."""
    from scoring.choices import MonthStatus
    from scoring.models import ScoringMonth
    from tests.scoring.matrix_stars import month_pk

    pk = month_pk(world)[0]
    ScoringMonth.objects.filter(pk=pk).update(status=MonthStatus.CLOSED)
    return [pk]


def dues_member(world) -> int:
    """URL argument: a member whose 2026 dues base is set (a payment needs one)."""
    from party_life.services.dues import dues_base_set
    from tests.scoring.factories import make_person

    person = make_person(world.org_a_child, "缴费党员")
    dues_base_set(by=world.users["county_admin"], person=person, year=2026, category="employed", monthly_income=4000)
    return person.pk


def dues_collected_org(world) -> int:
    """URL argument: org A's branch, holding March 2026's dues of one member (40 元 each call) to pass up."""
    from datetime import date

    from party_life.services.dues import dues_payment_record

    person = Person.objects.get(pk=dues_member(world))
    dues_payment_record(by=world.users["county_admin"], person=person, month=date(2026, 3, 1))
    return person.party_organization_id


def edit_page(name: str) -> Callable:
    """``reopen`` for a created record that has an edit page."""
    return lambda record: reverse(name, args=[record.pk])


ROWS: dict = {
    # Organisations
    "organizations:partyorganization_create": Row(
        PartyOrganization,
        values={"parent": lambda w: str(w.org_a.pk), "kind": "branch"},
        read={"parent": lambda r: str(PartyOrganization.objects.get_parent(r).pk)},
        skip={"area": "only for a town or park committee; a branch takes its parent's area"},
        reopen=edit_page("organizations:partyorganization_update"),
    ),
    "organizations:partyorganization_update": Row(
        PartyOrganization, edit=True, refuse={"name": lambda w: w.committee_a.name}
    ),
    "organizations:entity_create": Row(
        Entity,
        values={"credit_code": credit_code(424242), "area": lambda w: str(w.area_a.pk)},
        reopen=edit_page("organizations:entity_update"),
        refuse={"credit_code": credit_code(424242)[:-1] + ("0" if credit_code(424242)[-1] != "0" else "1")},
    ),
    "organizations:entity_update": Row(
        Entity, edit=True, values={"credit_code": credit_code(434343), "area": lambda w: str(w.area_a.pk)}
    ),
    "organizations:instructor_create": Row(Instructor),
    "organizations:liaisonpoint_create": Row(LiaisonPoint),
    "organizations:liaisonvisit_create": Row(LiaisonVisit),
    "organizations:pairing_create": Row(Pairing),
    "organizations:pairingactivity_create": Row(PairingActivity),
    "organizations:stationedcadre_create": Row(
        StationedCadre, values={"ended_on": ""}, reopen=edit_page("organizations:stationedcadre_update")
    ),
    "organizations:stationedcadre_update": Row(
        StationedCadre, edit=True, values={"ended_on": "2024-12-31"}, refuse={"ended_on": "2024-01-01"}
    ),
    "organizations:stationedactivity_create": Row(StationedActivity, values={"kind": "project"}),
    "organizations:surveyrecord_update": Row(SurveyRecord, edit=True),
    "organizations:venue_create": Row(Venue, reopen=edit_page("organizations:venue_update")),
    "organizations:venue_update": Row(Venue, edit=True),
    "organizations:fund_income": Row(FundEntry),
    "organizations:fund_spend": Row(
        FundEntry,
        values={"source": "refunded_dues", "purpose": "activities", "amount": "100.00"},
        read={"amount": lambda r: -r.amount},
    ),
    "organizations:fundentry_reverse": Exempt(
        "冲销 asks a reason to reverse an entry: a confirmation, tried in its own tests"
    ),
    # Members
    "members:person_create": Row(
        Person,
        values={"id_number": id_number("37083019900614001"), "gender": "M", "birth_date": "1990-06-14"},
        refuse={
            "id_number": "370830199006140010" if id_number("37083019900614001")[-1] != "0" else "370830199006140011"
        },
        reopen=edit_page("members:person_update"),
    ),
    "members:person_update": Row(
        Person,
        edit=True,
        values={
            "id_number": id_number("37083019880315002"),
            "gender": "F",
            "birth_date": "1988-03-15",
            "applied_on": "2021-06-14",
        },
    ),
    "members:person_advance": Row(Person, step=True, read={"on": lambda r: r.candidate_on}),
    "members:certificate_create": Row(Certificate, values={"annual_score": "90"}),
    # Promoting or demoting ends the certificate and issues a new one, which holds the values.
    "members:certificate_promote": Row(
        Certificate,
        args=certificate("0101", "junior"),
        values={"annual_score": "95"},
        read={"changed_on": lambda r: r.issued_on},
    ),
    "members:certificate_demote": Row(
        Certificate,
        args=certificate("0102", "senior", demo_point_work="市级示范点", results="带动就业"),
        values={"level": "intermediate", "annual_score": "90"},
        read={"changed_on": lambda r: r.issued_on, "reason": lambda r: demoted_reason(r)},
    ),
    "members:certificate_revoke": Row(
        Certificate,
        step=True,
        args=certificate("0103", "junior"),
        read={"reason": lambda r: r.end_reason.removeprefix("撤销并收回证书："), "revoked_on": lambda r: r.ended_on},
    ),
    "members:nomination_create": Row(Nomination),
    # Scoring
    "scoring:designation_create": Row(Designation, values={"year": "2025"}),
    "scoring:handbook_create": Row(
        HandbookVersion,
        values={"number": "7", "effective_from": "2027-01-01", "rules": "RT01|往返测试事项|学习进步星|2|8"},
        refuse={"effective_from": "2027-01-15"},
        read={
            "rules": lambda r: "\n".join(
                f"{x.code}|{x.name}|{x.get_star_display()}|{x.points}|{x.monthly_cap}" for x in r.rules.all()
            )
        },
    ),
    "scoring:ratingsheet_create": Row(
        RatingSheet,
        values={"number": "7", **{f"{c}_cap": str(cap) for c, cap in zip(Criterion.values, RATING_CAPS, strict=True)}},
        read={
            **{f"{c}_cap": lambda r, c=c: r.criteria.get(criterion=c).cap for c in Criterion.values},
            **{f"{c}_rules": lambda r, c=c: r.criteria.get(criterion=c).rules for c in Criterion.values},
        },
    ),
    "scoring:scorecardtemplate_create": Row(
        ScorecardTemplate,
        values={"number": "7", **{f"{d}_cap": str(cap) for d, cap in zip(Dimension.values, CARD_CAPS, strict=True)}},
        read={
            **{f"{d}_cap": lambda r, d=d: r.dimensions.get(dimension=d).cap for d in Dimension.values},
            **{f"{d}_items": lambda r, d=d: r.dimensions.get(dimension=d).items for d in Dimension.values},
        },
    ),
    "scoring:month_correct": Row(
        MonthCorrection,
        args=closed_month,
        refuse={"points": "0"},
        values={"id_number": lambda w: w.member.id_number},
        read={
            "id_number": lambda r: r.person.id_number,
            "rule": lambda r: str(r.entry.rule_id),
            "points": lambda r: r.entry.points,
        },
    ),
    "scoring:posting_create": Exempt(
        "发布公示 shows a preview and publishes only on its confirmation: the form, preview and confirmation are tried "
        "in tests/browser/test_postings.py, refusals next to their fields in tests/scoring/test_posting_preview.py"
    ),
    "scoring:posting_correct": Exempt(
        "更正 leads to the same preview and confirmation as 发布公示: tried in tests/scoring/test_posting_withdrawal.py"
    ),
    "scoring:posting_withdraw": Row(Posting, step=True, read={"reason": lambda r: r.withdrawal_reason}),
    "scoring:redemption_create": Row(Redemption, values={"quantity": "1"}, refuse={"quantity": "999"}),
    "scoring:rewarditem_create": Row(
        RewardItem, reopen=edit_page("scoring:rewarditem_update"), refuse={"price": "0", "stock": "-1"}
    ),
    "scoring:rewarditem_update": Row(RewardItem, edit=True),
    "scoring:scorecard_create": Row(
        Scorecard,
        values={"year": "2025", "quarter": "3", "political": "25", "discipline": "18", "solidarity": "17"},
        reopen=edit_page("scoring:scorecard_update"),
    ),
    "scoring:scorecard_update": Row(
        Scorecard, edit=True, values={"year": "2025", "political": "26", "discipline": "19", "solidarity": "16"}
    ),
    # Industry chains
    "industry_chains:chainmember_create": Row(ChainMember),
    "industry_chains:chainunit_create": Row(ChainUnit),
    "industry_chains:chainenterprise_create": Row(ChainEnterprise),
    "industry_chains:chainactivity_create": Row(ChainActivity),
    "industry_chains:departmenthandler_create": Row(DepartmentHandler),
    "industry_chains:expert_create": Row(Expert),
    "industry_chains:expertvisit_create": Row(ExpertVisit),
    "industry_chains:policy_create": Row(
        Policy, values={"valid_until": "2025-12-31"}, refuse={"valid_until": "2024-01-01"}
    ),
    "industry_chains:enterpriseresult_create": Row(EnterpriseResult),
    "industry_chains:ticket_create": Row(Ticket, persona="secretary"),
    "industry_chains:chainenterprise_assign_instructor": Exempt(
        "派指导员 asks to confirm a reassignment: a confirmation, tried in test_enterprise_instructor.py"
    ),
    "industry_chains:dutyturn_generate": Exempt(
        "排轮值 generates a schedule of turns: a wizard, tried in its own tests"
    ),
    "industry_chains:dutyturn_adjust": Exempt("调整轮值 swaps or skips a turn: an action, tried in its own tests"),
    "organizations:area_create": Row(Area, reopen=edit_page("organizations:area_update")),
    "organizations:area_update": Row(Area, edit=True),
    "party_life:duesbase_set": Row(
        DuesBase, values={"year": 2026, "category": "employed", "monthly_income": "4500.00"}
    ),
    "party_life:duespayment_create": Row(
        DuesPayment,
        args=lambda w: [dues_member(w)],
        values={"month": "2026-03", "months": 1, "amount": "", "paid_on": "2026-03-10"},
        read={"month": lambda r: f"{r.month:%Y-%m}"},
        skip={"months": "one line per month paid: read back as the one line", "amount": "empty: the base's amount"},
    ),
    "party_life:duesremittance_create": Row(
        DuesRemittance,
        args=lambda w: [dues_collected_org(w)],
        values={"month": "2026-03", "amount": "16.00", "remitted_on": "2026-03-20"},
        read={"month": lambda r: f"{r.month:%Y-%m}"},
        refuse={"amount": "99999.00"},
    ),
    "party_life:duesrefund_create": Row(
        DuesRefund,
        args=lambda w: [w.org_a_child.pk],
        values={"year": 2026, "amount": "120.00", "received_on": "2026-03-20"},
        read={"amount": lambda r: r.fund_entry.amount, "received_on": lambda r: r.fund_entry.occurred_on},
        skip={"note": "kept in the funds-ledger line's 摘要 after “返还2026年党费：”"},
        refuse={"amount": "0"},
    ),
    "party_life:partygroup_create": Row(
        PartyGroup,
        args=lambda w: [w.org_a_child.pk],
        skip={"members": "ticks of the organisation's members: tests/party_life/test_groups.py reads them back"},
    ),
    "party_life:partygroup_update": Row(
        PartyGroup,
        edit=True,
        args=lambda w: [PartyGroup.objects.create(party_organization=w.org_a_child, name="往返党小组").pk],
        skip={"members": "ticks of the organisation's members: tests/party_life/test_groups.py reads them back"},
    ),
    "party_life:meeting_create": Exempt(
        "one-screen record page (a present/leave/absent tap per member): tests/browser/test_party_life.py records one"
        " at 390 px, changes an attendance and checks the points"
    ),
    "party_life:meeting_update": Exempt("the same one-screen page: tests/browser/test_party_life.py changes one line"),
    "party_life:point_rules": Exempt(
        "a setting per meeting kind, not a record: tests/party_life/test_pages.py posts it"
    ),
    "password_change": Exempt("Django's own password form: it writes no record the table could read back"),
    **dict.fromkeys(
        ("core:account_reset", "core:account_deactivate", "core:account_activate"),
        Exempt("a confirmation with a reason, not a record's form: tests/core/test_account_admin.py acts through it"),
    ),
}


def furnish(world) -> None:
    """What the create pages offer to choose from, all in area A under org A: an entity outside every chain, a
    member enterprise of the chain with an expert to visit it, an instructor, a full member with points and an
    activist (for certificates, redemptions, scorecards), a reward in stock, refunded dues to spend."""
    from datetime import date
    from decimal import Decimal

    from members.choices import Stage
    from organizations.choices import FundSource
    from scoring.models import MonthlyResult, PointAccount
    from tests.factories import make_entity
    from tests.industry_chains.factories import member_enterprise
    from tests.scoring.factories import make_person, make_template

    world.entity_choice = make_entity(world.area_a, "甲选择公司", org=world.org_a_child)
    member_enterprise(world.chain, world.area_a, "甲链上企业", org=world.org_a)
    Expert.objects.create(name="郑专家", unit="县委党校", specialty="党建", chain=world.chain)
    Instructor.objects.create(name="甲指导员", area=world.area_a)
    FundEntry.objects.create(
        party_organization=world.org_a_child,
        source=FundSource.REFUNDED_DUES,
        amount=Decimal("1000.00"),
        occurred_on=date(2024, 1, 1),
    )
    make_template(number=9, effective_from=date(2024, 1, 1))
    world.member = member = make_person(world.org_a_child, "甲党员")
    PointAccount.objects.create(person=member, balance=500)
    MonthlyResult.objects.create(
        month=date(2024, 4, 1),
        person=member,
        party_organization=world.org_a_child,
        total=40,
        star_count=5,
        is_star_member=True,
    )
    make_person(world.org_a_child, "甲积极分子乙", stage=Stage.ACTIVIST)
    RewardItem.objects.create(name="学习笔记本", price=10, stock=20)
