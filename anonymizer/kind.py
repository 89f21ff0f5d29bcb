"""Is this a letter, spam, an automatic reply, or empty?

Headers speak first (Auto-Submitted, X-Autoreply, X-Spam-Flag), then wording. Spam is
only called spam when no attorney is named, so a letter that mentions money for parcels
is still a letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from anonymizer.roster import default_roster, find_recipients
from anonymizer.text import lexicon

AUTO_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic)?(?:\s+reply)?\s*:|automatic\s+reply|out\s+of\s+(?:the\s+)?office|autoreply|"
    r"автоматический\s+ответ|автоответ|аўтаматычны\s+адказ|аўтаадказ|автоматична\s+відповідь|"
    r"автовідповідь|odpowiedź\s+automatyczna|autoodpowiedź|nieobecność|abwesenheit|"
    r"delivery\s+status\s+notification|undeliver|недоставлено|не\s+доставлено)",
    re.IGNORECASE,
)
AUTO_BODY = re.compile(
    r"(?:i\s+am|i'm)\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|on\s+(?:annual\s+)?leave|away)|"
    r"(?:нахожусь|буду)\s+в\s+(?:отпуске|командировке)|не\s+имею\s+доступа\s+к\s+почте|"
    r"знаходжуся\s+ў\s+(?:адпачынку|камандзіроўцы)|перебуваю\s+у\s+відпустці|"
    r"jestem\s+na\s+urlopie|przebywam\s+na\s+urlopie|this\s+is\s+an\s+automatic(?:ally generated)?\s+(?:reply|message)|"
    r"это\s+автоматическ|гэта\s+аўтаматычн|це\s+автоматичн|wiadomość\s+wygenerowana\s+automatycznie|"
    # "back on …": the away notice in every language
    r"(?:i\s+will\s+be|i'll\s+be)\s+(?:back|out\s+of\s+(?:the\s+)?office)\s+(?:on|until|from)|"
    r"limited\s+access\s+to\s+(?:e-?mail|my\s+e-?mail)|буду\s+(?:на\s+связи|в\s+офисе)\s+(?:с|после)|"
    r"вярнуся\s+(?:\d|пасля)|повернуся\s+(?:\d|після)|вернусь\s+(?:\d|после)|wracam\s+(?:\d|po)|"
    r"(?:jestem|będę)\s+(?:poza\s+biurem|niedostępn\w*)|перебуваю\s+поза\s+офісом|не\s+працую\s+до|"
    r"ваше\s+(?:письмо|сообщение)\s+(?:получено|принято)|ваш\s+ліст\s+атрыманы|ваш\s+лист\s+отримано|"
    r"your\s+(?:message|e-?mail)\s+has\s+been\s+received|thank\s+you\s+for\s+your\s+(?:e-?mail|message)\.\s+(?:i|we)\s+will",
    re.IGNORECASE,
)
SPAM_BODY = re.compile(
    r"viagra|cialis|casino|казино|crypto|bitcoin|биткоин|\bBTC\b|\bUSDT\b|криптовалют|lottery|лотере|you\s+have\s+won|"
    r"вы\s+выиграли|click\s+here|нажмите\s+здесь|verify\s+your\s+account|подтвердите\s+(?:аккаунт|учётн)|"
    r"unsubscribe|отписаться|скидк|discount|\bsale\b|распродаж|заработ\w*\s+от|earn\s+\$|инвестиц|investment|"
    r"storage\s+quota|mailbox\s+(?:is\s+)?full|exceeded|базы\s+(?:клиентов|email|данных)|рассылк|"
    r"предлагаем|promo|special\s+offer|limited\s+time|только\s+сегодня|"
    # the same offers in Ukrainian, Belarusian and Polish
    r"інвестиц|інвестыц|inwestyc|kryptowalut|криптовалют|виграли|выйгралі|wygrał\w*\s+nagrod|"
    r"гаранту\w*\s+дох|гарантуе\w*\s+даход|gwarantowan\w*\s+zysk|guaranteed\s+(?:income|profit)|"
    r"зареєстру|реєструйтеся|регистрируйтесь|рэгіструйцеся|zarejestruj|kliknij\s+tutaj|натисніть\s+тут|"
    r"знижк|зніжк|rabat|promocj|акці[яї]\s+діє|кількість\s+місць\s+обмежена|количество\s+мест\s+ограничено|"
    r"liczba\s+miejsc\s+ograniczona|pożyczk|кредит\s+без|loan\s+approv|"
    # phishing and SEO mail, in the five languages
    r"dear\s+(?:customer|user|client|winner)|уважаемый\s+(?:клиент|пользователь)|шановний\s+(?:клієнте|користувачу)|"
    r"паважаны\s+(?:кліент|карыстальнік)|drogi\s+(?:kliencie|użytkowniku)|szanowny\s+kliencie|"
    r"your\s+(?:account|password)\s+(?:has|will|is)|ваш\s+(?:аккаунт|пароль)\s+(?:будет|был)|"
    r"confirm\s+your\s+(?:email|account|password)|\bseo\b|продвижени\w*\s+сайт|просування\s+сайт|pozycjonowani|"
    r"backlinks?|website\s+promotion|розыгрыш\s+приз|розіграш\s+приз|konkurs\s+z\s+nagrod|"
    r"поздравляем!?\s+вы|вітаємо!?\s+ви|gratulacje!?\s+wygra|free\s+gift|бесплатн\w*\s+подар|"
    r"знакомств\w*\s+с\s+девушк|newsletter|розсилк|opt[\s-]?out",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[[a-z]+\]")


def _auto(headers: Mapping[str, str], text: str) -> bool:
    submitted = headers.get("auto-submitted", "").strip().casefold()
    if submitted and submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond") or headers.get("x-autoresponse"):
        return True
    if headers.get("precedence", "").strip().casefold() in ("auto_reply", "auto-reply"):
        return True
    return bool(AUTO_SUBJECT.search(headers.get("subject", ""))) or bool(AUTO_BODY.search(text[:2000]))


def _spam(headers: Mapping[str, str], text: str) -> bool:
    if headers.get("x-spam-flag", "").strip().casefold() == "yes":
        return True
    if headers.get("x-spam-status", "").strip().casefold().startswith("yes"):
        return True
    if find_recipients(text, default_roster()):
        return False
    hits = len(SPAM_BODY.findall(headers.get("subject", "") + "\n" + text))
    promotional = bool(headers.get("list-unsubscribe")) or headers.get("precedence", "").casefold() == "bulk"
    # A mail that names no attorney and says nothing of courts, prisons or freedom needs only
    # one sign of an offer: "Уважаемый клиент! … BTC".
    off_topic = not _on_topic(headers.get("subject", "") + "\n" + text)
    return hits >= 2 or ((promotional or off_topic) and hits >= 1)


def _on_topic(text: str) -> bool:
    folded = text.casefold()
    return any(word in folded for word in lexicon.words("campaign_words"))


def classify_kind(headers: Mapping[str, str], text: str, *, has_attachments: bool = False) -> str:
    """letter, spam, autoreply or empty. `headers` keys are lower-case; `text` is quote-stripped."""
    if _auto(headers, text):
        return "autoreply"
    if _spam(headers, text):
        return "spam"
    meaningful = re.sub(r"\W", "", _MARKER.sub("", text))
    if len(meaningful) < 3 and not has_attachments:
        return "empty"
    return "letter"
