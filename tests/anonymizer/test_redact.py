"""Table-driven tests of redact(): each identifier kind in many formats, and what must stay."""

import pytest

from anonymizer.redact import redact
from anonymizer.roster import default_roster

ROSTER = default_roster()


def run(text: str) -> str:
    return redact(text, ROSTER).text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Пишите: ivan.petrov84@gmail.com, жду.", "ivan.petrov84@gmail.com"),
        ("напишите мне: petya at gmail dot com. Я приеду", "petya at gmail dot com"),
        ("адрас ivan(собака)mail.ru", "ivan(собака)mail.ru"),
        ("mail: ivan [at] mail [dot] ru", "ivan [at] mail [dot] ru"),
        ("kontakt: jan.kowalski{at}wp{dot}pl", "jan.kowalski{at}wp{dot}pl"),
        ("e-mail: a_b+tag@sub.domain.co.uk.", "a_b+tag@sub.domain.co.uk"),
    ],
)
def test_emails(text: str, secret: str) -> None:
    out = run(text)
    assert secret not in out
    assert "[email]" in out


@pytest.mark.parametrize(
    "phone",
    [
        "+375 29 614-27-83", "8 (029) 3317720", "+375 (33) 508 19 62", "375293308417", "8 033 671-09-54",
        "80291234567", "8029 123 45 67", "+375291234567", "+375-44-702-15-38", "8 017 388-40-12",
        "+44 113 496 0721", "+48 601 234 567", "+380 67 418 22 90", "+1 (617) 555-0142", "+7 (925) 018-44-93",
        "+46 70 318 42 07", "+49 30 12345678", "+370 612 34567",
    ],
)
def test_phones(phone: str) -> None:
    out = run(f"Мой телефон {phone}, звоните вечером.")
    digits = "".join(c for c in phone if c.isdigit())
    assert digits not in "".join(c for c in out if c.isdigit())
    assert "[phone]" in out or "[number]" in out


def test_a_number_wrapped_over_two_lines_goes_whole() -> None:
    """A mail client wraps at 72 columns: "+375 29" ends one line and "123 45 67" starts the next."""
    out = run("Калі што, пішыце ў вайбер на +375 29\n123 45 67, я адкажу.")
    assert "+375" not in out and "123 45 67" not in out and out.count("[phone]") == 1


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("я в телеграме: t.me/nat_gurevich.", "t.me/nat_gurevich"),
        ("vk.com/oleg.tarasevich88", "vk.com/oleg.tarasevich88"),
        ("Instagram: instagram.com/oksana.melnyk.art", "instagram.com/oksana.melnyk.art"),
        ("https://www.facebook.com/profile.php?id=100078215536904", "100078215536904"),
        ("see www.example.co.uk for more", "www.example.co.uk"),
        ("WhatsApp: wa.me/16175550142", "16175550142"),
        ("пишите @volha_shauchuk", "@volha_shauchuk"),
        ("мой ник @Костя_Минск", "@Костя_Минск"),
        ("инста instagram dot com slash olga_pro", "olga_pro"),  # an underscore makes a user name anywhere
    ],
)
def test_links_and_handles(text: str, secret: str) -> None:
    assert secret not in run(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("карта 5375 4141 2098 7713", "5375 4141 2098 7713"),
        ("р/с BY42 ALFA 3013 2D47 1900 1027 0000 в банке", "BY42 ALFA 3013 2D47 1900 1027 0000"),
        ("IBAN PL61 1090 1014 0000 0712 1981 2874", "PL61 1090 1014 0000 0712 1981 2874"),
        ("паспорт MP3456721, выдан", "MP3456721"),
        ("личный номер 4120568A003PB1.", "4120568A003PB1"),
        ("УНП 291457803", "291457803"),
        ("номер дела 1234567890", "1234567890"),
    ],
)
def test_numbers(text: str, secret: str) -> None:
    out = run(text)
    assert secret not in out
    assert "[number]" in out or "[phone]" in out


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        ("мой адрас: вул. Савецкая, 112, кв. 7, 225409 Баранавічы.", ["Савецкая", "225409", "112"]),
        ("приходите: г. Минск, ул. Кальварийская, д. 17, кв. 54, индекс 220073.", ["Кальварийская", "220073"]),
        ("Kevin\n12 Sycamore Grove, Rathmines, Dublin 6, D06 K7X2\n", ["Sycamore", "Rathmines", "D06 K7X2"]),
        ("14 Park Square East, Leeds LS1 2NE", ["Park Square", "LS1 2NE"]),
        ("ul. Marszałkowska 12 m. 4, 00-590 Warszawa", ["Marszałkowska", "00-590"]),
        ("пр-т Независимости, 4", ["Независимости"]),
    ],
)
def test_addresses(text: str, secrets: list[str]) -> None:
    out = run(text)
    for secret in secrets:
        assert secret not in out


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Дарагі Максім!\nМяне завуць Ганна Коваль. Ганны тут няма.", ["Ганна", "Коваль", "Ганны"], ["Максім"]),
        ("Дорогая Юлия!\nМеня зовут Пётр Сидоренко.\nС уважением, Пётр", ["Пётр", "Сидоренко"], ["Юлия"]),
        ("Шановний Олексію!\nМене звати Оксана Мельник.", ["Оксана", "Мельник"], ["Олексію"]),
        ("Dear Mr Braginets,\nMy name is Thomas Whitfield and I am a solicitor.", ["Thomas", "Whitfield"],
         ["Braginets"]),
        ("Droga Pani Julio!\nNazywam się Katarzyna Wójcik.\n\nPozdrawiam,\nKasia", ["Katarzyna", "Wójcik", "Kasia"],
         ["Julio"]),
        ("Мой сын Кірыл і ўнук Даніла дапамаглі.", ["Кірыл", "Даніла"], []),
        ("Мы з мужам Паўлам часта гаворым.", ["Паўлам"], []),
        ("My wife Siobhan and I follow your story.", ["Siobhan"], []),
        ("Юлія, дарагая!\nБеражыце сябе.\n\nАлена", ["Алена"], ["Юлія"]),
        ("Текст письма.\n\nАндрій К.", ["Андрій"], []),
        ("Дарагія адвакаты!\nКалі вернецеся, пішыце.\n\nВаш Сцяпан Мароз", ["Сцяпан", "Мароз"], []),
        ("Максим, привет!\nРядом с Марией Колесниковой.\n\nКостя", ["Костя"], ["Максим", "Марией Колесниковой"]),
        ("Best,\nSam\n", ["Sam"], []),
        ("Меня зовут Максим Петров, пишу Максиму Знаку.", ["Петров"], ["Максиму Знаку"]),
    ],
)
def test_names(text: str, gone: list[str], kept: list[str]) -> None:
    out = run(text)
    for word in gone:
        assert word not in out, out
    for phrase in kept:
        assert phrase in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Шановні Максиме, Олександре, Віталію, Анастасіє, Юліє та Олексію!",
        "Максім, Аляксандр, Віталь, Анастасія, Юлія, Аляксей — я пішу кожнаму з вас.",
        "Maxim Znak, Alexander Danilevich, Vitaly Braginets, Anastasia Lazarenko, Yulia Yurgilevich and Alexey Borodko",
        "Насця, вітаю! Можна я буду звяртацца да Вас так?",
        "Здравствуйте, Александр и Алексей!",
        "То, что адвокатов сажают за их работу, — позор для системы, а не для Вас.",
        "Няхай кожны дзень набліжае Вас да волі.",
        "В 2020-2025 годах более 2 500 000 человек.",
    ],
)
def test_content_survives(text: str) -> None:
    assert run(text) == text


def test_counts_and_spans() -> None:
    result = redact("Пишите ivan@mail.ru или +375 29 614-27-83.", ROSTER)
    assert result.counts == {"email": 1, "phone": 1}
    assert [s.original for s in result.spans] == ["ivan@mail.ru", "+375 29 614-27-83"]


def test_workplace() -> None:
    out = run("Я работаю медсестрой в хирургическом отделении 4-й городской больницы Гродно. Каждый день")
    assert "больницы Гродно" not in out
    assert "Каждый день" in out


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Я Алесь Кавалёў з Гомеля. Калі будзеце ў Мінску — заходзьце.", ["Алесь", "Кавалёў"],
         ["Гомеля", "Калі", "Мінску"]),
        ("Максим, привет.\nДержись!\nАлексей Ковальчук, 8-029-765-43-21", ["Алексей", "Ковальчук", "765"],
         ["Максим, привет."]),
        ("Mój adres: ul. Długa 15/3, 31-147 Kraków.", ["Długa", "15/3", "31-147"], ["Mój adres"]),
        ("заходзьце: вул. Якуба Коласа 12-45.", ["Коласа", "12-45"], ["заходзьце"]),
        ("Pishu. I'm Grace Thompson, a retired barrister.", ["Grace", "Thompson"], ["retired barrister"]),
        ("С Вами говорит Лапицкий Дмитрий Сергеевич.\nЛапицкий Д.С.", ["Лапицкий", "Дмитрий", "Д.С."], ["С Вами"]),
        ("You can find us at example-firm.com today.", ["example-firm.com"], ["find us at"]),
        ("Я — Марина, медсестра. Пишите: marina_p собака mail точка ru.", ["Марина", "marina_p"], ["медсестра"]),
        ("Thank you.\n\nThanks, Mike", ["Mike"], ["Thank you."]),
    ],
)
def test_unseen_patterns(text: str, gone: list[str], kept: list[str]) -> None:
    out = run(text)
    for word in gone:
        assert word not in out, out
    for phrase in kept:
        assert phrase in out, out
