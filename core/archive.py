"""Whole-county export for archiving (being built)."""


def archive_build(*, job_id: str) -> bool:
    """Build the archive of a queued job."""
    raise NotImplementedError
