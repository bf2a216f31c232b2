"""resources of the organisations area, one module per part (spine, entities, survey, support)."""

from organizations.resources.entities import *  # noqa: F403
from organizations.resources.fund_imports import *  # noqa: F403
from organizations.resources.spine import *  # noqa: F403
from organizations.resources.support_imports import *  # noqa: F403
from organizations.resources.survey import *  # noqa: F403
