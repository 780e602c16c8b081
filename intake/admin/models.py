"""Tables owned by the admin feature (none yet)."""
__all__: list[str] = []
