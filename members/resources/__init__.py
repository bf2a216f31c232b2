"""resources of the members area, one module per part (people, certification, selections)."""

from members.resources.certificate_imports import *  # noqa: F403
from members.resources.people import *  # noqa: F403
