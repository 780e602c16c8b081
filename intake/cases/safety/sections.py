"""The safety plan's sections, in the order a client reads them. Pure data, no Flask.

`print_heading` is what the printed page says: neutral, first-person words, because the
paper may be found by the person it protects against."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    print_heading: str
    hint: str


SECTIONS = [
    Section("warning_signs", "Warning signs", "When I notice",
            "Signs that tension is building or the cycle is starting again, one per line."),
    Section("coping_steps", "Coping steps", "Things that help me",
            "What the client can do on their own to settle and stay grounded, one per line."),
    Section("safe_people", "Safe people", "People I can reach",
            "Who they can call or go to, and how, one per line."),
    Section("safe_places", "Safe places", "Places I can go",
            "Where they can go at short notice, one per line."),
    Section("emergency_numbers", "Emergency numbers", "Numbers",
            "Crisis lines, local emergency number, an advocate, one per line."),
    Section("communication_plan", "Communication plan with the other person", "Contact plan",
            "Agreed limits on contact: channels, times, what to say, what not to answer."),
    Section("code_word", "Code word", "Word",
            "A word that tells a safe person to call for help or come at once."),
    Section("go_bag", "Documents and go-bag", "Ready to take",
            "Documents, keys, medicine, money, chargers and where they are kept, one per line."),
]

SECTION_KEYS = [s.key for s in SECTIONS]


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a section, for lists on screen and on paper."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def normalise(content: dict) -> dict:
    """Only known sections, trimmed; blanks dropped so an empty section stays empty."""
    cleaned = {}
    for key in SECTION_KEYS:
        value = (content.get(key) or "").strip()
        if value:
            cleaned[key] = value
    return cleaned


def changed_sections(before: dict, after: dict) -> list[str]:
    return [key for key in SECTION_KEYS if (before.get(key) or "") != (after.get(key) or "")]


def changes_by_revision(revisions) -> dict[int, list[str]]:
    """revision number → headings of the sections that revision changed (all, for the first)."""
    headings = {s.key: s.heading for s in SECTIONS}
    changes, before = {}, {}
    for revision in revisions:
        changes[revision.number] = [headings[k] for k in changed_sections(before, revision.content)]
        before = revision.content
    return changes
