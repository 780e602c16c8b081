"""The client's safety plan: structured sections, every saved revision kept."""
