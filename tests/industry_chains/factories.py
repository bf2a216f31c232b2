"""Builders of the industry-chain area's test data: member enterprises and tickets at each step of the loop."""

from datetime import date

from core.choices import Role
from industry_chains.models import ChainEnterprise, Ticket
from industry_chains.services import tickets as services
from tests.factories import UserFactory, make_entity


def member_enterprise(chain, area, name: str, *, org=None, joined_on=date(2024, 1, 1), order: int = 0):
    """An entity in ``area`` (covered by ``org``) that is a member enterprise of ``chain``."""
    entity = make_entity(area, name, org=org)
    return ChainEnterprise.objects.create(chain=chain, entity=entity, joined_on=joined_on, duty_order=order)


def chain_staff_of(chain, username: str):
    return UserFactory(username=username, role=Role.CHAIN_STAFF, chain=chain)


def reported(secretary, enterprise, title: str = "急需熟练缝纫工 50 名") -> Ticket:
    return services.ticket_report(
        by=secretary,
        chain=enterprise.chain,
        entity=enterprise.entity,
        category="labour",
        title=title,
        description="订单增加，一线用工缺口大，请协助对接招工。",
    )


def dispatched(secretary, staff, enterprise, lead, co_handlers=()) -> Ticket:
    ticket = reported(secretary, enterprise)
    services.ticket_accept(by=staff, ticket=ticket)
    return services.ticket_dispatch(by=staff, ticket=ticket, lead=lead, co_handlers=co_handlers)


def replied(secretary, staff, handler, enterprise, lead) -> Ticket:
    ticket = dispatched(secretary, staff, enterprise, lead)
    services.ticket_reply(by=handler, ticket=ticket, reply="已在县人才市场发布专场招聘，首批 30 人到岗。")
    ticket.refresh_from_db()
    return ticket
