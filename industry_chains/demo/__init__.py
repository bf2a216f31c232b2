"""demo of the industry-chains area, one module per part; load_demo calls ``load``."""


def load(*, admin, stdout) -> None:
    """Load the industry-chains area's demo parts in the order they build on each other."""
