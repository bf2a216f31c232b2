"""Forms of the organisations area, one module per part."""

from organizations.forms.spine import *  # noqa: F403
