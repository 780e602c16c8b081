"""The .ics file for a booked consultation. It says only "Consultation" and the practice's
name: a calendar may be shared or synced to a device someone else reads."""
from datetime import datetime

from intake.clock import utcnow


def _stamp(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def consultation_event(slot, *, practice_name: str) -> str:
    """An iCalendar (RFC 5545) event; the UID is the slot's opaque id, never the reference."""
    name = _escape(practice_name)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{name}//Consultation//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{slot.public_id}@consultation",
        f"DTSTAMP:{_stamp(utcnow())}",
        f"DTSTART:{_stamp(slot.starts_at)}",
        f"DTEND:{_stamp(slot.ends_at)}",
        f"SUMMARY:Consultation - {name}",
        f"DESCRIPTION:Consultation with {name}.",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
