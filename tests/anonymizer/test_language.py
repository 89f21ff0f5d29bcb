"""detect_language among be, ru, uk, pl, en."""

import pytest

from anonymizer.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Мы з мужам часта гаворым пра Вас. Беражыце сябе.", "be"),
        ("Дарагі Максім! Вы абаранялі людзей тады, калі гэта было небяспечна.", "be"),
        ("Дорогая Юлия! Это настоящее мужество, и я хочу, чтобы Вы знали.", "ru"),
        ("Берегите себя. Мы ждём Вас дома.", "ru"),
        ("Шановний Олексію! Ми пам'ятаємо про Вас.", "uk"),
        ("Нехай кожен день наближає Вас до дому.", "uk"),
        ("Droga Pani Julio! Życzę Pani dużo siły.", "pl"),
        ("Trzymamy za Pana kciuki. Do zobaczenia na wolnosci!", "pl"),
        ("Dear Maxim, stay strong, and please keep writing.", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code
