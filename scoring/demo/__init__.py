"""demo of the scoring area, one module per part; load_demo calls ``load``."""

from scoring.demo import postings, ratings, scorecards, stars


def load(*, admin, stdout) -> None:
    """Load the scoring area's demo parts in the order they build on each other."""
    for part in (stars, scorecards, ratings, postings):
        part.load(admin=admin, stdout=stdout)
