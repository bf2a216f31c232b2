"""demo of the scoring area, one module per part; load_demo calls ``load``."""


def load(*, admin, stdout) -> None:
    """Load the scoring area's demo parts in the order they build on each other."""
