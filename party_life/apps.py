from django.apps import AppConfig


class PartyLifeConfig(AppConfig):
    name = "party_life"
    verbose_name = "组织生活"
