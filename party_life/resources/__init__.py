from party_life.resources import imports  # noqa: F401 - registers the meeting and dues imports
