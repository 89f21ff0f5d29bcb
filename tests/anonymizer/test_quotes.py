"""strip_quotes_and_signatures: replies, forwards, signatures and mobile footers."""

import pytest

from anonymizer.quotes import strip_quotes_and_signatures


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Hi\n\nOn Sun, 4 May 2025 at 20:11, Kevin O'Brien <k@gmail.com> wrote:\n> Dear Maxim,\n", "Hi", "Kevin"),
        ("Ліст.\n\nчц, 24 крас. 2025 г. у 12:03, Права <p@x.example> піша:\n> Добры дзень!\n", "Ліст.", "Права"),
        ("Текст.\n\nПт, 12 мая 2023 г. в 10:00, Иван <ivan@mail.ru>:\n> старое\n", "Текст.", "Иван"),
        ("Текст.\n\n25.04.2025, 19:42, Иван Петров написал(а):\nстарое письмо\n", "Текст.", "Петров"),
        ("Hello\n02.04.2012 14:20 пользователь \"bob@x.org\" <\nbob@x.org> написал:\n\n> Hi\n", "Hello", "bob"),
        ("On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello", "Hello", "Megan"),
        ("Text\n\nFrom: Ivan Petrov <i@x.by>\nSent: Monday\nTo: me\nSubject: hi\n\nold text", "Text", "Petrov"),
        ("Text\n-----Original Message-----\nFrom: Ivan\nold", "Text", "Ivan"),
        ("Body\n\n-- \nМіхась Ярашэвіч\nмоб. +375 44 702-15-38", "Body", "Ярашэвіч"),
        ("Body\n--\nThomas Whitfield\nPartner", "Body", "Whitfield"),
        ("Body\n\nSent from my iPhone\n", "Body", "iPhone"),
        ("Body\n\nОтправлено с iPhone\n", "Body", "iPhone"),
        ("Body\n\nАдпраўлена з Android\n", "Body", "Android"),
        ("Body\n\nWysłane z iPhone'a\n", "Body", "iPhone"),
        ("Body\n\nНадіслано з iPhone\n", "Body", "iPhone"),
        ("Body\n\nGet Outlook for Android\n", "Body", "Outlook"),
        ("A\n> quoted line\n>> deeper\nB", "A\nB", "quoted"),
    ],
)
def test_cuts(text: str, kept: str, gone: str) -> None:
    out, spans = strip_quotes_and_signatures(text)
    assert out.strip() == kept
    assert gone not in out
    assert spans


def test_forwarded_letter_keeps_body_drops_headers() -> None:
    text = (
        "Пересылаю письмо мамы.\n\n---------- Forwarded message ---------\n"
        "От: Тамара Шевчук <t@mail.ru>\nDate: пт, 25 апр. 2025 г. в 19:42\nSubject: Письмо\n"
        "To: Игорь Шевчук <i@gmail.com>\n\n\nУважаемый Александр!\nСпасибо Вам.\n"
    )
    out, spans = strip_quotes_and_signatures(text)
    assert "Уважаемый Александр!" in out
    assert "t@mail.ru" not in out and "Игорь" not in out
    assert spans[0].kind == "quote"


@pytest.mark.parametrize(
    "text",
    ["As Orwell once wrote:\nWar is peace.\n", "Дарагі Максім!\nВы не адзін.\n", "Best,\nTom\n", ""],
)
def test_plain_letters_untouched(text: str) -> None:
    out, spans = strip_quotes_and_signatures(text)
    assert out.strip() == text.strip()
    assert spans == ()


def test_outlooks_rule_above_a_forward_header_is_part_of_the_header() -> None:
    """Outlook's "____" above "Od:/Wysłane:/Do:/Temat:" is no signature delimiter: the
    forwarded letter below a short cover note is the letter."""
    letter = "Droga Pani Anastazjo! " + "Piszę do Pani z daleka, myślę o Pani codziennie. " * 4
    text = ("Przesyłam list koleżanki.\n\nPozdrawiam\nD.\n\n" + "_" * 32 + "\n"
            "Od: Anna Nowak <a@x.pl>\nWysłane: piątek, 9 maja 2025 14:12\nDo: D <d@x.pl>\nTemat: List\n\n" + letter)
    kept, spans = strip_quotes_and_signatures(text)
    assert "Droga Pani Anastazjo!" in kept and "Nowak" not in kept and "____" not in kept
    assert all(span.reason != "signature delimiter" for span in spans)


def test_a_three_line_letter_under_a_one_word_cover_note_is_the_letter() -> None:
    """Never lose a letter: a short forwarded letter under "Пересылаю." stays, its header goes."""
    text = ("Пересылаю.\n\nОт: Игорь Ляшкевич <i.lyashkevich@outlook.com>\nОтправлено: 3 ноября 2026 г. 10:12\n"
            "Кому: Ольга Ляшкевич <olga.l@mail.ru>\nТема: письмо\n\nАлександр, здравствуйте!\n"
            "Я Игорь, Ваш бывший подзащитный. Спасибо Вам за всё.\nИгорь\n")
    kept, _ = strip_quotes_and_signatures(text)
    assert "Спасибо Вам за всё" in kept and "lyashkevich" not in kept and "Отправлено" not in kept


def test_the_line_closing_a_forward_goes() -> None:
    text = ("Пересылаю письмо мамы.\n\n-------- Пересылаемое сообщение --------\n"
            "03.11.2026, 12:40, Галина <g@yandex.ru>:\n\nДорогой Максим! Держитесь, мы с Вами.\nГалина\n"
            "-------- Конец пересылаемого сообщения --------\n")
    kept, _ = strip_quotes_and_signatures(text)
    assert "Держитесь" in kept and "Конец" not in kept
