"""The client journey's speed: showing the form with two weeks of slots, storing requests one
after another, and 24 browsers racing for one slot. `python -m bench.public_journey [--url DB]`.

Uses a throwaway database (SQLite in a temp dir unless --url names another)."""
import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.fernet import Fernet
from flask_migrate import upgrade

from intake import create_app, demo
from intake.extensions import db
from intake.scheduling.booking import bookable_slots
from intake.clock import utcnow
from datetime import timedelta

SUBMISSIONS = 50
RACERS = 24


def make_app(url: str):
    return create_app({"ENV_NAME": "testing", "DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 32,
                       "ENCRYPTION_KEYS": Fernet.generate_key().decode(), "AUDIT_KEY": "bench",
                       "RATELIMIT_ENABLED": False, "CONSULTATION_MIN_FILL_SECONDS": 0})


def tokens(client) -> dict:
    import re
    page = client.get("/consultation").get_data(as_text=True)
    return {name: re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)
            for name in ("csrf_token", "form_token")}


ANSWERS = {"name": "Bench Person", "phone": "212 555 0143", "ok_text": "y", "region": "NY",
           "consent": "y", "slot": "arrange", "narrative": "x" * 400}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    app = make_app(url)
    with app.app_context():
        upgrade()
        demo.seed("bench-password-123456")
        db.session.commit()
        slots = bookable_slots(utcnow(), utcnow() + timedelta(days=14))
        slot_ids = [s.public_id for s in slots]
        db.session.remove()
    client = app.test_client()
    show = [timed(lambda: client.get("/consultation")) for _ in range(20)]
    store = []
    for _ in range(SUBMISSIONS):
        data = {**tokens(client), **ANSWERS}
        store.append(timed(lambda: client.post("/consultation", data=data)))
    racers = []
    for _ in range(RACERS):
        racer = app.test_client()
        racers.append((racer, {**tokens(racer), **ANSWERS, "slot": slot_ids[0]}))
    barrier = threading.Barrier(RACERS)

    def race(pair):
        racer, data = pair
        barrier.wait()
        return racer.post("/consultation", data=data).status_code

    start = time.perf_counter()
    with ThreadPoolExecutor(RACERS) as pool:
        codes = list(pool.map(race, racers))
    wall = (time.perf_counter() - start) * 1000
    print(f"database: {url.split(':')[0]}; open slots shown: {len(slot_ids)}")
    print(f"show the form: median {statistics.median(show):.1f} ms")
    print(f"store a request: median {statistics.median(store):.1f} ms, "
          f"p95 {sorted(store)[int(len(store) * 0.95) - 1]:.1f} ms ({SUBMISSIONS} in sequence)")
    print(f"{RACERS} racing for one slot: {codes.count(303)} booked, {codes.count(409)} told to choose "
          f"another, {wall:.0f} ms wall")


if __name__ == "__main__":
    main()
