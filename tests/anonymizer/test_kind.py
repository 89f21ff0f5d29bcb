"""classify_kind: headers first, then wording."""

import pytest

from anonymizer.kind import classify_kind

LETTER = "Дарагі Максім! Трымайцеся, мы з Вамі."


@pytest.mark.parametrize(
    ("headers", "text", "kind"),
    [
        ({}, LETTER, "letter"),
        ({"auto-submitted": "auto-replied"}, "Я в отпуске.", "autoreply"),
        ({"auto-submitted": "no"}, LETTER, "letter"),
        ({"x-autoreply": "yes"}, "Out", "autoreply"),
        ({"subject": "Автоматический ответ: Дзякуй"}, "Здравствуйте", "autoreply"),
        ({"subject": "Automatic reply: hi"}, "Hello", "autoreply"),
        ({}, "I am currently out of the office until May 19.", "autoreply"),
        ({}, "Dzień dobry, jestem na urlopie do 20 maja.", "autoreply"),
        ({"x-spam-flag": "YES"}, "Dear user", "spam"),
        ({"x-spam-status": "Yes, score=14.0"}, "Dear user", "spam"),
        ({}, "Предлагаем базы клиентов, скидка 70% только сегодня!", "spam"),
        ({}, "Casino bonus! Click here to claim your crypto.", "spam"),
        ({}, "Наша платформа гарантує дохід! Реєструйтеся зараз, кількість місць обмежена.", "spam"),
        ({}, "Gwarantowany zysk z inwestycji! Zarejestruj się dziś.", "spam"),
        ({}, "Dear customer, your password will expire. Confirm your account now.", "spam"),
        ({}, "I will be out of the office until 12 May, with limited access to e-mail.", "autoreply"),
        ({}, "Jestem poza biurem, wracam po 15 maja.", "autoreply"),
        ({}, "The Nobel Prize winner Ales Bialiatski, congratulations to him, is in prison.", "letter"),
        ({"list-unsubscribe": "<mailto:u@x>"}, "Special offer for you", "spam"),
        ({}, "Дорогая Юлия! Деньги на посылки можно перевести, скидка не нужна, click here.", "letter"),
        ({}, "", "empty"),
        ({}, "\n  [name]\n", "empty"),
        ({}, "", "empty"),
    ],
)
def test_classify_kind(headers: dict[str, str], text: str, kind: str) -> None:
    assert classify_kind(headers, text) == kind


def test_attachment_only_is_a_letter() -> None:
    assert classify_kind({}, "", has_attachments=True) == "letter"


def test_an_off_topic_offer_needs_one_sign_of_spam() -> None:
    """rule: spam — no attorney, no court, prison or freedom, and "Уважаемый клиент" is enough."""
    text = "Уважаемый клиент! На Ваш счёт зачислено 0,35 BTC. Напишите менеджеру в Telegram."
    assert classify_kind({"subject": "Вы получили 0,35 BTC!"}, text) == "spam"


def test_a_letter_about_the_trial_with_one_offer_word_is_a_letter() -> None:
    text = "Уважаемый клиент когда-то, теперь пишу вам в тюрьму: держитесь, свобода придёт."
    assert classify_kind({"subject": "Письмо"}, text) == "letter"
