"""Demo data of the organisations area: entities (called by manage.py load_demo; safe to run twice)."""


def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
