"""Server time of the web queue page with 10,000 letters in SQLite: sorted, searched, both, and grouped.

Usage: .venv/bin/python bench/queue_web.py [--letters N] [--runs R]
Fills a SQLite data dir as bench/readonly.py does (every status, some images and edits), then
gives 70 % of the letters a text of their own and the rest one of 40 templates with a line each,
and signs and groups them all as intake would (processors.near_duplicates.backfill, timed). Logs in
through the form and times GET /queue and /groups in process (Starlette's test client: the whole
request, routing, the queries and the template, no network), and /dashboard, R times per URL (default 7),
printing the fastest and the median in ms. The operator has seen half the letters and claimed
100 (the Unseen and Mine filters). Aim (issue 15): under 300 ms sorted and searched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readonly import PARAGRAPH, populate, settings_text
from sqlalchemy import select, update
from starlette.testclient import TestClient

from anonymizer.vocabulary import Status
from foundation.settings import Settings
from foundation.storage.models import Letter, User
from napishy.app import App
from napishy.web.app import create_app
from processors.near_duplicates import backfill
from processors.passwords import hash_password

TEMPLATES = 40
WORDS = PARAGRAPH.split() + [f"слова{n}" for n in range(3000)]

PASSWORD = "a bench password"  # noqa: S105 - a throwaway account in a temp dir
URLS = {
    "pending, default order": "/queue",
    "all, sorted by redactions desc": "/queue?status=all&sort=-redactions",
    "all, sorted by attorney": "/queue?status=all&sort=attorney",
    "searched (2 words)": "/queue?status=all&q=максім+трымайцеся",
    "searched, sorted, page 20": "/queue?status=all&q=памятаем&sort=-redactions&page=20",
    "searched, no match": "/queue?status=all&q=няма+такога+слова",
    "groups, pending ones": "/groups",
    "groups, all": "/groups?show=all",
    "one group's letters, all": "/queue?status=all&group={group}",
    "campaign dashboard": "/dashboard",
    "unseen, sorted by redactions": "/queue?status=all&unseen=1&sort=-redactions",
    "mine (100 claimed)": "/queue?status=all&mine=1",
}


def vary_texts(app: App, rng: random.Random) -> None:
    """Most letters their own words; 30 % one of the templates plus a line of their own."""
    templates = [" ".join(rng.choices(WORDS, k=80)) for _ in range(TEMPLATES)]
    with app.database.session() as session:
        for letter_id in session.scalars(select(Letter.id)).all():
            if rng.random() < 0.3:
                text = f"{rng.choice(templates)}\n\n{' '.join(rng.choices(WORDS, k=6))} [name]"
            else:
                text = PARAGRAPH.split("\n")[0] + " " + " ".join(rng.choices(WORDS, k=rng.randint(40, 160)))
            session.execute(update(Letter).where(Letter.id == letter_id).values(text=text))


def log_in(client: TestClient) -> None:
    page = client.get("/login").text
    token = page.split('name="login_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/login", data={"name": "bench", "password": PASSWORD, "login_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def seen_and_claimed(app: App) -> None:
    """The bench operator has opened half the letters and claims 100 pending ones (processors.claims)."""
    from processors import claims

    with app.database.session() as session:
        ids = list(session.scalars(select(Letter.id).order_by(Letter.id)))
        pending = list(session.scalars(select(Letter.id).where(Letter.status == Status.PENDING).limit(100)))
    claims.mark_seen(app.database, ids[::2], "bench")
    for letter_id in pending:
        claims.claim(app.database, letter_id, "bench", 60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env_file = Path(scratch) / "settings.env"
        env_file.write_text(settings_text(Path(scratch) / "data"))
        os.chmod(env_file, 0o600)
        app = App(Settings.load(environ={}, env_file=env_file))
        started = time.perf_counter()
        populate(app, args.letters)
        vary_texts(app, random.Random(15))
        began = time.perf_counter()
        signed = backfill(app.database)
        print(f"{signed} letters signed and grouped in {time.perf_counter() - began:.1f} s")
        with app.database.session() as session:
            group = session.scalar(select(Letter.near_group).where(Letter.near_group.is_not(None)).limit(1))
        with app.database.session() as session:
            session.add(User(name="bench", role="operator", password_hash=hash_password(PASSWORD, log_n=10),
                             created_on=dt.date.today()))
        seen_and_claimed(app)
        print(f"{args.letters} letters written in {time.perf_counter() - started:.1f} s")
        with TestClient(create_app(app)) as client:
            log_in(client)
            for name, url in URLS.items():
                url = url.format(group=group)
                walls = []
                for _ in range(args.runs):
                    begun = time.perf_counter()
                    response = client.get(url)
                    walls.append((time.perf_counter() - begun) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                summary = response.text.split('class="summary">', 1)
                found = summary[1].split("<", 1)[0].strip() if len(summary) > 1 else "no summary line"
                print(f"  {name:<32} fastest {min(walls):6.1f} ms, median {statistics.median(walls):6.1f} ms"
                      f"  ({found})")
        app.database.dispose()


if __name__ == "__main__":
    main()
