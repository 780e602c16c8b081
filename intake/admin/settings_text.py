"""The settings screen's plain-text formats: one "a | b" entry a line, parsed and printed.

Pure functions: the form calls them to validate, the screen calls them to show saved values."""
import re

REGION_CODE = re.compile(r"^[A-Z0-9-]{2,10}$")
LIMITS = {"region name": 80, "label": 120, "contact": 200}


class FormatError(ValueError):
    """A line that does not follow the format; the message names the line."""


def _entries(text: str, names: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(line number, stripped parts) for each non-blank line; exactly len(names) parts each."""
    shape = " | ".join(names)
    entries = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != len(names) or not all(parts):
            raise FormatError(f"Line {number} should look like “{shape}”.")
        for name, part in zip(names, parts):
            if name in LIMITS and len(part) > LIMITS[name]:
                raise FormatError(f"Line {number}: the {name} is longer than {LIMITS[name]} characters.")
        entries.append((number, parts))
    return entries


def _region_code(number: int, raw: str) -> str:
    code = raw.upper()
    if not REGION_CODE.match(code):
        raise FormatError(f"Line {number}: a region code is 2 to 10 letters, digits or dashes.")
    return code


def parse_regions(text: str) -> list[dict]:
    """'NY | New York' lines → [{"code": "NY", "name": "New York"}], codes unique."""
    regions, seen = [], set()
    for number, (raw_code, name) in _entries(text, ("code", "region name")):
        code = _region_code(number, raw_code)
        if code in seen:
            raise FormatError(f"Line {number}: {code} is listed twice.")
        seen.add(code)
        regions.append({"code": code, "name": name})
    if not regions:
        raise FormatError("List at least one region the practice serves.")
    return regions


def parse_resources(text: str) -> list[dict]:
    """'label | contact' lines → [{"label": …, "contact": …}], at least one."""
    resources = [{"label": label, "contact": contact}
                 for _, (label, contact) in _entries(text, ("label", "contact"))]
    if not resources:
        raise FormatError("List at least one crisis resource.")
    return resources


def parse_overrides(text: str, region_codes: set[str]) -> dict[str, list[dict]]:
    """'NY | label | contact' lines → {"NY": [...]}, for served regions only."""
    overrides: dict[str, list[dict]] = {}
    for number, (raw_code, label, contact) in _entries(text, ("code", "label", "contact")):
        code = _region_code(number, raw_code)
        if code not in region_codes:
            raise FormatError(f"Line {number}: {code} is not one of the served regions.")
        overrides.setdefault(code, []).append({"label": label, "contact": contact})
    return overrides


def format_regions(regions: list[dict]) -> str:
    return "\n".join(f"{r['code']} | {r['name']}" for r in regions)


def format_resources(resources: list[dict]) -> str:
    return "\n".join(f"{r['label']} | {r['contact']}" for r in resources)


def format_overrides(crisis_resources: dict) -> str:
    return "\n".join(f"{code} | {r['label']} | {r['contact']}"
                     for code, resources in crisis_resources.items() if code != "default"
                     for r in resources)
