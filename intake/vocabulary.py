"""Coded answers shared by the form, the clinicians' screens and the reports.

Codes are stored; labels are shown. Codes never change once stored (reports group by them);
add new ones at the end. Labels are the practice's plain words."""

# What they may have noticed (the four patterns, then the cycle as a whole).
PATTERNS = [
    ("intermittent_reinforcement", "Affection and harm come and go, and the good times keep me hoping"),
    ("gaslighting", "I am made to doubt my memory or my sense of what happened"),
    ("isolation", "I have become cut off from friends, family or support"),
    ("fixing", "I keep trying harder to fix things or make them go back to how they were"),
    ("cycle", "Things build up, blow up, then there is an apology and calm, and it starts again"),
]

# The relationship cycle, in order.
CYCLE_STAGES = [
    ("tension", "Tension building"),
    ("rupture", "Rupture"),
    ("apology", "Apology / idealization"),
    ("calm", "Temporary calm"),
    ("escalation", "Escalation"),
]

CONTACT_STATUSES = [
    ("in_relationship", "Still in the relationship"),
    ("separated_in_contact", "Separated, but still in contact"),
    ("no_contact", "No contact"),
    ("required_contact", "Co-parenting or legally required contact"),
]

REFERRAL_SOURCES = [
    ("search", "Web search"),
    ("friend_family", "A friend or family member"),
    ("therapist", "Another therapist or doctor"),
    ("hotline", "A hotline or advocacy service"),
    ("social_media", "Social media"),
    ("directory", "A therapist directory"),
    ("other", "Somewhere else"),
]

SESSION_FORMATS = [
    ("telehealth", "Video (telehealth)"),
    ("in_person", "In person"),
    ("either", "Either is fine"),
]

# How a clinician may try to reach someone; each maps to the client's own safe-contact answer.
CONTACT_METHODS = [
    ("call", "Phone call"),
    ("voicemail", "Voicemail"),
    ("text", "Text message"),
    ("email", "Email"),
]

CONTACT_OUTCOMES = [
    ("reached", "Spoke with them"),
    ("no_answer", "No answer"),
    ("left_message", "Left a message"),
    ("sent", "Message sent"),
    ("someone_else", "Someone else answered"),
    ("wrong_number", "Wrong number or bounced"),
]

DISCHARGE_REASONS = [
    ("goals_met", "Treatment goals met"),
    ("client_ended", "Client chose to end"),
    ("referred", "Referred to another provider"),
    ("lost_contact", "Lost contact"),
    ("moved", "Moved out of the practice's area"),
    ("other", "Other"),
]


def label(choices: list[tuple[str, str]], code: str | None) -> str:
    """The label for `code`, or the code itself if it is not (or no longer) listed."""
    return dict(choices).get(code, code or "")


def codes(choices: list[tuple[str, str]]) -> list[str]:
    return [code for code, _ in choices]
