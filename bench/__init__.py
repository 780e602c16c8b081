"""Load and scale benchmarks (`make bench`). Never run by the test suite.

A benchmark is a function registered with @benchmark("name"); it receives the Bench
context (a Flask app on the cached database, the repetition count, a signed-in client)
and returns Measurement rows and optional Ratio rows for the printed table. To add one
(say, the triage queue), put a module in bench/ that registers a function and import it in
bench/__main__.py's BENCHMARK_MODULES.
"""
import statistics
import sys
import time
from dataclasses import dataclass, field

BENCHMARKS: dict = {}


def benchmark(name: str):
    def register(fn):
        BENCHMARKS[name] = fn
        return fn
    return register


@dataclass
class Measurement:
    name: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


@dataclass
class Ratio:
    name: str
    numerator: Measurement
    denominator: Measurement
    aim: float | None = None

    @property
    def value(self) -> float:
        return self.numerator.median / self.denominator.median


def measure(name: str, fn, repeat: int, warmup: int = 1) -> Measurement:
    """Time fn() `repeat` times after `warmup` untimed runs (caches warm, like a live server)."""
    for _ in range(warmup):
        fn()
    measurement = Measurement(name)
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        measurement.samples.append(time.perf_counter() - started)
    # As it goes (stderr), so a long run on a big database shows something before the table.
    print(f"measured {name.strip()}: median {measurement.median:.3f}s of {repeat}",
          file=sys.stderr, flush=True)
    return measurement
