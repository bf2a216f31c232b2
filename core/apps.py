from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "系统"

    def ready(self):
        # Import kinds register in each app's resources.py: load them in every process (web, worker,
        # shell), not only in those that happen to import the URLconf.
        autodiscover_modules("resources")
        from core import checks  # noqa: F401 - registers the deployment checks
