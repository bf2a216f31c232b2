"""services of the organisations area, one module per part (spine, entities, survey, support)."""

from organizations.services.spine import *  # noqa: F403
