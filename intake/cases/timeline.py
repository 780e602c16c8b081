"""The case's activity timeline: every part of the record contributes its own entries.

A feature registers a provider (a function of the case returning TimelineEntry items) with
@provider; the case page merges them newest first. Titles are shown to the case's clinician
only, but keep them short and factual ("Progress note signed"), never the clinical text."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

_providers: list[Callable] = []


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str          # "phase", "status", "note", "plan_review", "safety_plan", …
    title: str
    url: str | None = None
    actor: str | None = None


def provider(fn: Callable[[object], Iterable[TimelineEntry]]):
    if fn not in _providers:
        _providers.append(fn)
    return fn


def entries_for(case) -> list[TimelineEntry]:
    return sorted(chain.from_iterable(p(case) for p in _providers), key=lambda e: e.at,
                  reverse=True)
