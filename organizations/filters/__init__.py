"""filters of the organisations area, one module per part (spine, entities, survey, support)."""

from organizations.filters.spine import *  # noqa: F403
