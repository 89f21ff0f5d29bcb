"""Roster loading and recipient matching across cases, scripts and diminutives."""

import pytest

from anonymizer.roster import Roster, default_roster, find_recipients, roster_hits

ROSTER = default_roster()
ALL = ("borodko", "braginets", "danilevich", "lazarenko", "yurgilevich", "znak")


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Ліст Максіму Знаку", ("znak",)),
        ("Дорогая Юлия Юргилевич!", ("yurgilevich",)),
        ("Спадарыня Анастасія!", ("lazarenko",)),
        ("Droga Pani Julio!", ("yurgilevich",)),
        ("Drogi Panie Maksimie!", ("znak",)),
        ("Віталю, добры дзень!", ("braginets",)),
        ("Виталию Брагинцу — слова поддержки", ("braginets",)),
        ("Dear Mr Braginets,", ("braginets",)),
        ("Насця, вітаю!", ("lazarenko",)),
        ("Аляксею Бародку — мой ліст.", ("borodko",)),
        ("Dear Aliaksandr,", ("danilevich",)),
        ("Шановний Олексію!", ("borodko",)),
        ("Здравствуйте, Александр и Алексей!", ("borodko", "danilevich")),
        ("Шановні Максиме, Олександре, Віталію, Анастасіє, Юліє та Олексію!", ALL),
        ("Усім адвакатам-палітвязням", ALL),
        ("To all the imprisoned attorneys of Belarus", ALL),
        ("Wszystkim adwokatom", ALL),
        ("Всем адвокатам — политзаключённым", ALL),
        ("Мой сын Кірыл і ўнук Даніла дапамаглі мне.", ()),
        ("Знак беды. Он подал знак.", ()),
        ("Рядом с Марией Колесниковой.", ()),
        ("Александр Лукашенко сказал.", ()),
        ("In July we met.", ()),
        ("Максимально честно.", ()),
    ],
)
def test_find_recipients(text: str, ids: tuple[str, ...]) -> None:
    assert find_recipients(text, ROSTER) == ids


def test_default_roster_has_six() -> None:
    assert sorted(a.id for a in ROSTER.attorneys) == list(ALL)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("[]", "'attorneys' list"),
        ('{"attorneys": [{"id": "X"}]}', "'id'"),
        ('{"attorneys": [{"id": "x", "first_names": ["A"]}]}', "surnames"),
        ('{"attorneys": [{"id": "x", "first_names": ["A"], "surnames": ["B"]}], "everyone": ["("]}', "everyone"),
    ],
)
def test_bad_roster(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Roster.from_json(text)


def test_custom_roster() -> None:
    roster = Roster.from_json('{"attorneys": [{"id": "ivanov", "first_names": ["Иван"], "surnames": ["Иванов"]}]}')
    assert find_recipients("Дорогой Иван Иванович! Ивану Иванову", roster) == ("ivanov",)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Максим, привет.\nЭто пишет Лёша из Бреста.\nАлексей Ковальчук", ("znak",)),
        ("Дорогая Юлия Петровна!", ("yurgilevich",)),
        ("Меня зовут Максим, пишу Анастасии.", ("lazarenko",)),
        ("Мой друг Максим Знак.", ("znak",)),
    ],
)
def test_sender_sharing_an_attorney_name(text: str, ids: tuple[str, ...]) -> None:
    assert find_recipients(text, ROSTER) == ids


@pytest.mark.parametrize(
    ("name", "form"),
    [("Бродский", "Бродского"), ("Тихановская", "Тихановской"), ("Ціханоўскі", "Ціханоўскага"), ("Ляцкі", "Ляцкаму")],
)
def test_adjectival_surnames_decline_like_adjectives(name: str, form: str) -> None:
    from anonymizer.text.forms import fold, is_form, stem

    assert is_form(form, stem(name), fold(name))
    assert not is_form("Бродскийка", stem("Бродский"), fold("Бродский"))


def test_writers_in_the_roster_are_kept() -> None:
    from anonymizer.redact import redact

    text = "Мы читали Быкова и Короткевича, Алексиевич и Бродского — и думали о вас, Максим."
    assert redact(text, default_roster()).text == text


@pytest.mark.parametrize(
    ("text", "ids"),
    [("Шаноўны Аляксандар, трымайцеся!", ("danilevich",)), ("Дарагая Насьця, мы з табой.", ("lazarenko",)),
     ("Dear Nastassia, we think of you.", ("lazarenko",)), ("Сашко, тримайся!", ("danilevich",))],
)
def test_taraskievica_and_familiar_forms_address_their_attorney(text: str, ids: tuple[str, ...]) -> None:
    """Classical-orthography and familiar forms are the same attorneys."""
    assert find_recipients(text, ROSTER) == ids


def test_a_public_figure_known_by_one_name_is_read() -> None:
    """A roster's figure may be a single name ("Цётка"): it is a surname, and no letter fails on it."""
    import dataclasses

    from anonymizer.redact import redact
    from anonymizer.roster import default_roster

    roster = dataclasses.replace(default_roster(), public_figures=("Цётка", "Янка Купала"))
    assert redact("Я чытаю Цётку і Купалу.", roster).text == "Я чытаю Цётку і Купалу."


def test_a_paired_figure_stays_only_with_first_name_and_surname() -> None:
    """Roster.paired_figures: "Мілош" alone is anyone's son, "Czesław Miłosz" the poet."""
    from anonymizer.redact import redact

    out = redact("Czytam Czesława Miłosza. Mój syn Miłosz pozdrawia.", default_roster()).text
    assert "Czesława Miłosza" in out and "syn Miłosz" not in out, out


def test_an_adjectival_figure_surname_keeps_its_gender() -> None:
    """"Сакалоўская" is no form of the composer Сакалоўскі: a woman of the same surname."""
    hits = roster_hits("Учора я бачыў Сакалоўскую, а потым слухаў Сакалоўскага.", default_roster())
    assert [h.part for h in hits] == ["public_surname"]


def test_a_foreign_surname_in_e_does_not_decline() -> None:
    hits = roster_hits("Учора я бачив Ґесса на ринку.", default_roster())
    assert hits == []
