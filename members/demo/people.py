"""Demo data of the members area: people (called by manage.py load_demo; safe to run twice)."""


def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
