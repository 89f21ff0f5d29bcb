"""how-to-open.txt: the unencrypted note beside the families' PDFs.

It is read before the passphrase is known, maybe by someone who should not see the letters,
so it names no one and says nothing of what is inside: only how to open a protected PDF on a
phone or a computer, and that the passphrase comes separately.
"""

from __future__ import annotations

from collections.abc import Sequence

NOTE_NAME = "how-to-open.txt"

_NOTES = {
    "be": """ЯК АДКРЫЦЬ ФАЙЛ PDF

Файл PDF побач з гэтай запіскай абаронены паролем. Пароль вам скажуць асобна,
па тэлефоне ці пры сустрэчы. У гэтай запісцы яго няма.

На тэлефоне (Android ці iPhone):
  1. Націсніце на файл PDF. Ён адкрыецца ў праграме для PDF ці ў браўзеры.
  2. Калі з'явіцца поле «Пароль», увядзіце пароль дакладна так, як вам яго сказалі:
     маленькімі лацінскімі літарамі, з рыскамі, без прабелаў.
  3. Націсніце «OK» ці «Адкрыць».

На камп'ютары (Windows, Mac, Linux):
  1. Двойчы пстрыкніце па файле PDF. Ён адкрыецца ў браўзеры (Chrome, Edge,
     Firefox, Safari), у Adobe Acrobat Reader ці ў праграме «Прагляд» на Mac.
  2. Увядзіце пароль і націсніце «OK».

Каб раздрукаваць: адкрыйце файл і выберыце «Друк». Кожны ліст пачынаецца
з новай старонкі.

Калі файл не адкрываецца: праверце пароль (кожная літара, рыскі, без прабелаў)
і паспрабуйце іншую праграму ці браўзер. Не захоўвайце пароль разам з файлам.
""",
    "ru": """КАК ОТКРЫТЬ ФАЙЛ PDF

Файл PDF рядом с этой запиской защищён паролем. Пароль вам скажут отдельно,
по телефону или при встрече. В этой записке его нет.

На телефоне (Android или iPhone):
  1. Нажмите на файл PDF. Он откроется в программе для PDF или в браузере.
  2. Когда появится поле «Пароль», введите пароль точно так, как вам его сказали:
     маленькими латинскими буквами, с дефисами, без пробелов.
  3. Нажмите «OK» или «Открыть».

На компьютере (Windows, Mac, Linux):
  1. Дважды щёлкните по файлу PDF. Он откроется в браузере (Chrome, Edge,
     Firefox, Safari), в Adobe Acrobat Reader или в программе «Просмотр» на Mac.
  2. Введите пароль и нажмите «OK».

Чтобы распечатать: откройте файл и выберите «Печать». Каждое письмо начинается
с новой страницы.

Если файл не открывается: проверьте пароль (каждую букву, дефисы, без пробелов)
и попробуйте другую программу или браузер. Не храните пароль вместе с файлом.
""",
    "uk": """ЯК ВІДКРИТИ ФАЙЛ PDF

Файл PDF поруч із цією запискою захищений паролем. Пароль вам скажуть окремо,
телефоном або під час зустрічі. У цій записці його немає.

На телефоні (Android або iPhone):
  1. Натисніть на файл PDF. Він відкриється в програмі для PDF або в браузері.
  2. Коли з'явиться поле «Пароль», введіть пароль точно так, як вам його сказали:
     малими латинськими літерами, з дефісами, без пробілів.
  3. Натисніть «OK» або «Відкрити».

На комп'ютері (Windows, Mac, Linux):
  1. Двічі клацніть по файлу PDF. Він відкриється в браузері (Chrome, Edge,
     Firefox, Safari), в Adobe Acrobat Reader або в програмі «Перегляд» на Mac.
  2. Введіть пароль і натисніть «OK».

Щоб надрукувати: відкрийте файл і виберіть «Друк». Кожен лист починається
з нової сторінки.

Якщо файл не відкривається: перевірте пароль (кожну літеру, дефіси, без пробілів)
і спробуйте іншу програму або браузер. Не зберігайте пароль разом із файлом.
""",
    "pl": """JAK OTWORZYĆ PLIK PDF

Plik PDF obok tej notatki jest chroniony hasłem. Hasło otrzymacie osobno,
przez telefon lub przy spotkaniu. W tej notatce go nie ma.

Na telefonie (Android lub iPhone):
  1. Stuknij plik PDF. Otworzy się w aplikacji do PDF lub w przeglądarce.
  2. Gdy pojawi się pole „Hasło", wpisz hasło dokładnie tak, jak je podano:
     małymi literami łacińskimi, z łącznikami, bez spacji.
  3. Stuknij „OK" lub „Otwórz".

Na komputerze (Windows, Mac, Linux):
  1. Kliknij dwukrotnie plik PDF. Otworzy się w przeglądarce (Chrome, Edge,
     Firefox, Safari), w Adobe Acrobat Reader lub w programie „Podgląd" na Macu.
  2. Wpisz hasło i kliknij „OK".

Aby wydrukować: otwórz plik i wybierz „Drukuj". Każdy list zaczyna się
na nowej stronie.

Jeśli plik się nie otwiera: sprawdź hasło (każdą literę, łączniki, bez spacji)
i spróbuj innej aplikacji lub przeglądarki. Nie przechowuj hasła razem z plikiem.
""",
    "en": """HOW TO OPEN THE PDF FILE

The PDF file next to this note is protected by a password. You will be told the
password separately, by phone or in person. It is not written in this note.

On a phone (Android or iPhone):
  1. Tap the PDF file. It opens in a PDF app or in the web browser.
  2. When a "Password" box appears, type the password exactly as you were told:
     small Latin letters, with the hyphens, no spaces.
  3. Tap "OK" or "Open".

On a computer (Windows, Mac, Linux):
  1. Double-click the PDF file. It opens in the web browser (Chrome, Edge,
     Firefox, Safari), in Adobe Acrobat Reader, or in Preview on a Mac.
  2. Type the password and click "OK".

To print: open the file and choose "Print". Each letter starts on a new page.

If the file does not open: check the password (every letter, the hyphens, no
spaces) and try another app or browser. Do not keep the password with the file.
""",
}


def how_to_open(languages: Sequence[str]) -> str:
    """The note in Belarusian, then in each other language asked for, separated by a rule."""
    wanted = ["be", *(code for code in languages if code != "be")]
    return ("\n" + "-" * 72 + "\n\n").join(_NOTES[code] for code in dict.fromkeys(wanted))
