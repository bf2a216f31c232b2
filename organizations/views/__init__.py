"""views of the organisations area, one module per part (spine, entities, survey, support)."""

from organizations.views.spine import *  # noqa: F403
