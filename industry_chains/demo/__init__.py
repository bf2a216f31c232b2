"""demo of the industry-chains area, one module per part; load_demo calls ``load``."""

from industry_chains.demo import committees, duty, service, tickets


def load(*, admin, stdout) -> None:
    """Load the industry-chains area's demo parts in the order they build on each other."""
    for part in (committees, duty, service, tickets):
        part.load(admin=admin, stdout=stdout)
