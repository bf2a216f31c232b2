"""views of the scoring area, one module per part (stars, market, scorecards, postings, ratings)."""

from scoring.views import market, postings, ratings, scorecards, stars

PARTS = [stars, market, scorecards, ratings, postings]
