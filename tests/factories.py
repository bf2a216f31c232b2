"""factory_boy factories; tree nodes are created through the service so the rules hold in tests too."""

import factory

from core.choices import Role
from core.models import User
from industry_chains.models import Department, IndustryChain
from organizations.choices import AreaKind, EstablishmentMethod, PartyOrgKind
from organizations.models import Area, PartyOrganization


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"测试镇{n}")
    kind = AreaKind.TOWN
    code = factory.Sequence(lambda n: f"T{n:03d}")


class IndustryChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryChain

    name = factory.Sequence(lambda n: f"产业链{n}")
    committee_name = factory.LazyAttribute(lambda o: f"{o.name}党委")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"县测试局{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.COUNTY_ADMIN
    password = factory.PostGenerationMethodCall("set_password", "Secret#2026")

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_area_committee(area: Area) -> PartyOrganization:
    return PartyOrganization.objects.add_root(
        instance=PartyOrganization(name=f"{area.name}党委", kind=PartyOrgKind.COMMITTEE, area=area)
    )


def make_org(parent: PartyOrganization, name: str, kind=PartyOrgKind.BRANCH) -> PartyOrganization:
    return PartyOrganization.objects.add_child(
        parent,
        instance=PartyOrganization(
            name=name, kind=kind, area=parent.area, establishment_method=EstablishmentMethod.STANDALONE
        ),
    )


_codes = iter(range(1, 10**6))


def make_entity(area, name: str, *, org=None, members: int = 0, operating: bool = True, kind="enterprise"):
    """An entity with a valid, unique credit code, optionally covered by ``org``."""
    from organizations.demo.entities import credit_code
    from organizations.models import Entity

    return Entity.objects.create(
        kind=kind,
        name=name,
        credit_code=credit_code(next(_codes) * 97),
        area=area,
        full_member_count=members,
        is_operating=operating,
        party_organization=org,
    )
