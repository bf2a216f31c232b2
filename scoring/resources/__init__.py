"""resources of the scoring area, one module per part (stars, market, scorecards, postings, ratings)."""

from scoring.resources import stars  # noqa: F401  (registers the monthly points import in every process)
