"""Near-duplicate groups, kept at intake and on edits, on SQLite and on a real PostgreSQL.

A template many people sent, each with a line or a name of their own, must end up as one group;
a different letter must not; an edit away from the template leaves the group, a restore joins it
again. The real anonymiser's path is checked too: the signature is over the anonymised text, and
the sender's identifiers are nowhere at rest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from anonymizer.model import AnonymizedLetter
from foundation.source import RawLetter
from foundation.storage.models import Letter, LikenessBand
from napishy.app import App
from processors import likeness, near_duplicates, review
from tests.leakscan import assert_no_leaks, database_texts
from tests.letters import add_letter

TEMPLATE = ("Дарагі Максім! Мы, выбаршчыкі і жыхары нашага горада, пішам вам, каб сказаць: мы памятаем пра "
            "вас кожны дзень. Вы абаранялі людзей, калі гэта было небяспечна, і мы ведаем кошт гэтай працы. "
            "Трымайцеся, беражыце здароўе, вы не адзін. Мы чакаем вас дома і верым, што гэты дзень блізка.")
OTHER = ("Dear Ms Braginets, I read about your case in the spring and could not stop thinking about it. My "
         "grandmother was a teacher in Hrodna and she always said that courage is quiet. Please stay strong.")


def body_stub(raw: bytes) -> AnonymizedLetter:
    """The body as the anonymised text: what the test writes is what is stored."""
    body = raw.split(b"\r\n\r\n", 1)[1].decode()
    return AnonymizedLetter(text=body, recipients=("znak",), language="be", kind="letter")


def store(app: App, *texts: str) -> list[str]:
    """One batch, as intake commits it."""
    letters = [RawLetter(f"Message-ID: <t{n}-{hash(text)}@example.net>\r\n\r\n{text}".encode(), "association")
               for n, text in enumerate(texts)]
    return [outcome.letter_id for outcome in app.pipeline.process_batch(letters)]


def groups(app: App) -> dict[str, str | None]:
    with app.database.session() as session:
        return {i: g for i, g in session.execute(select(Letter.id, Letter.near_group))}


@pytest.fixture
def stub_app(make_settings: Callable) -> App:
    app = App(make_settings())
    app.pipeline.anonymize = body_stub
    return app


def test_a_template_with_personal_lines_is_one_group_and_other_letters_are_not(stub_app: App) -> None:
    first = store(stub_app, TEMPLATE + "\n\n[name] з Гомеля")
    later = store(stub_app, TEMPLATE + "\n\nПішу ўпершыню. [name]", "Дарагі Максім! " + TEMPLATE[15:], OTHER)
    alone = store(stub_app, OTHER.replace("Hrodna", "Brest") + " Thank you.")
    found = groups(stub_app)
    template = {found[i] for i in [*first, *later[:2]]}
    assert len(template) == 1 and None not in template  # three senders of one template, two batches
    assert found[later[2]] is None or found[later[2]] not in template
    # OTHER and its variant are one group of two, apart from the template
    assert found[later[2]] == found[alone[0]] and found[alone[0]] not in template
    assert found[alone[0]] is not None


def test_an_edit_away_from_the_template_leaves_the_group_and_a_restore_rejoins(stub_app: App) -> None:
    ids = store(stub_app, TEMPLATE, TEMPLATE + " [name]", TEMPLATE + " Дзякуй!")
    group = groups(stub_app)[ids[0]]
    assert group is not None and all(groups(stub_app)[i] == group for i in ids)
    review.edit(stub_app.database, ids[2], "olga", OTHER)
    assert groups(stub_app)[ids[2]] is None and groups(stub_app)[ids[0]] == group
    with stub_app.database.session() as session:  # its bands follow the new text: no stale look-alikes
        keys = set(session.scalars(select(LikenessBand.band).where(LikenessBand.letter_id == ids[2])))
    assert keys == set(likeness.band_keys(likeness.signature(OTHER) or b""))
    review.restore(stub_app.database, ids[2], "olga", 1)
    assert groups(stub_app)[ids[2]] == group


def test_a_letter_alike_to_two_groups_makes_them_one(stub_app: App) -> None:
    """Single linkage: A is alike to C, C to B, A not to B; C arriving joins A's and B's groups."""
    words = [f"слова{n}" for n in range(130)]
    a, b, c = (" ".join(words[start:start + 100]) for start in (0, 30, 15))
    assert likeness.similarity(likeness.signature(a), likeness.signature(b)) < likeness.SIMILAR  # type: ignore[arg-type]
    ids_a, ids_b = store(stub_app, a, a + " [name]"), store(stub_app, b, b + " [name]")
    before = groups(stub_app)
    assert before[ids_a[0]] == before[ids_a[1]] != before[ids_b[0]] == before[ids_b[1]]
    (bridge,) = store(stub_app, c)
    after = groups(stub_app)
    assert len({after[i] for i in [*ids_a, *ids_b, bridge]}) == 1


def test_letters_without_words_are_signed_as_nothing_and_stay_ungrouped(stub_app: App) -> None:
    ids = store(stub_app, "", "", "!!! ???")
    with stub_app.database.session() as session:
        rows = session.execute(select(Letter.likeness, Letter.near_group).where(Letter.id.in_(ids))).all()
        bands = session.scalar(select(func.count()).select_from(LikenessBand))
    assert [tuple(r) for r in rows] == [(near_duplicates.NOTHING, None)] * 3 and bands == 0


def test_letters_stored_before_signatures_are_backfilled_once(make_settings: Callable) -> None:
    """Rows without a signature (stored before 0006, like add_letter's): intake signs and groups them
    when it starts; a second start finds nothing to do."""
    app = App(make_settings())
    ids = [add_letter(app.database, TEMPLATE + suffix) for suffix in ("", " [name]", " Дзякуй!")]
    lone = add_letter(app.database, OTHER)
    assert set(groups(app).values()) == {None}
    assert near_duplicates.backfill(app.database, batch=2) == 4
    found = groups(app)
    assert found[ids[0]] is not None and {found[i] for i in ids} == {found[ids[0]]} and found[lone] is None
    assert near_duplicates.backfill(app.database) == 0
    app.pipeline  # noqa: B018 - building the pipeline runs the backfill; nothing left to sign
    assert groups(app) == found


def test_purging_a_letter_removes_its_bands(stub_app: App) -> None:
    ids = store(stub_app, TEMPLATE, TEMPLATE + " [name]")
    with stub_app.database.session() as session:
        session.delete(session.get(Letter, ids[0]))
    with stub_app.database.session() as session:
        left = set(session.scalars(select(LikenessBand.letter_id).distinct()))
    assert left == {ids[1]}


SENDERS = [("Алесь Пятровіч", "ales.piatrovich@example.by", "+375 29 611-22-33"),
           ("Ганна Карповіч", "hanna.karpovich@example.by", "+375 33 744-55-66"),
           ("Mikalai Sidarenka", "m.sidarenka@example.net", "+375 44 123-98-76")]


def test_the_real_anonymiser_groups_a_template_and_nothing_identifying_is_at_rest(
        make_settings: Callable, data_dir: Path) -> None:
    """Three people send the campaign's template, each signing with a name and a phone: the
    signature is over the anonymised text (the names and phones are markers by then), so the
    three are one group, and no sender identifier is anywhere in the database or data dir."""
    app = App(make_settings(NAPISHY_ISOLATE_ANONYMIZER="no"))
    letters = [
        RawLetter((f"From: {name} <{address}>\r\nTo: association@example.org\r\nSubject: Letter\r\n"
                   f"Message-ID: <{n}.template@example.by>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                   f"{TEMPLATE}\r\n\r\nЗ павагай, {name}\r\nтэл. {phone}\r\n").encode(), "association")
        for n, (name, address, phone) in enumerate(SENDERS)
    ]
    ids = [outcome.letter_id for outcome in app.pipeline.process_batch(letters)]
    found = groups(app)
    assert found[ids[0]] is not None and {found[i] for i in ids} == {found[ids[0]]}
    with app.database.session() as session:
        for letter in session.scalars(select(Letter).where(Letter.id.in_(ids))):
            assert letter.likeness == likeness.signature(letter.text)  # the stored, anonymised text
    identifiers = [part for sender in SENDERS for part in (*sender[0].split(), sender[1], sender[2])]
    assert_no_leaks(identifiers, [data_dir], database_texts(app.settings.database_url))


def test_a_template_copied_many_times_costs_a_few_comparisons_a_letter(stub_app: App,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A grouped look-alike only names its group: the 300th copy compares itself with a member or
    two, not with the 299 before it (that was 38 letters/s on the stub intake bench)."""
    calls = []
    real = near_duplicates.similarity
    monkeypatch.setattr(near_duplicates, "similarity", lambda a, b: calls.append(1) or real(a, b))
    ids = []
    for batch in range(6):
        ids += store(stub_app, *(f"{TEMPLATE} [name] {batch}-{n}" for n in range(50)))
    found = groups(stub_app)
    assert len({found[i] for i in ids}) == 1 and found[ids[0]] is not None
    assert len(calls) < 3 * len(ids), len(calls)
