"""resources of the organisations area, one module per part (spine, entities, survey, support)."""

from organizations.resources.spine import *  # noqa: F403
