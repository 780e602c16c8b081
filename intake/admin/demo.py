"""Demo records for this feature (filled in as the feature lands)."""


def seed(staff: dict, options: dict) -> None:
    """staff maps the demo emails to their User rows; options holds CLI options."""
