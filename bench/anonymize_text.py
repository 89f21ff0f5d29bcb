"""Throughput of the text half: strip quotes, find recipients, redact, language, kind.

Usage: .venv/bin/python bench/anonymize_text.py [CORPUS_DIR]
"""

import email
import sys
import time
from email import policy
from pathlib import Path

started = time.perf_counter()
from anonymizer.redact import redact, warm_up  # noqa: E402

imported = time.perf_counter()
from anonymizer.kind import classify_kind  # noqa: E402
from anonymizer.language import detect_language  # noqa: E402
from anonymizer.quotes import strip_quotes_and_signatures  # noqa: E402
from anonymizer.roster import default_roster, find_recipients  # noqa: E402


def bodies(corpus: Path) -> list[str]:
    out = []
    for path in sorted(corpus.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        part = message.get_body(preferencelist=("plain",))
        out.append(part.get_content() if part else "")
    return out


def main() -> None:
    corpus = Path(
        sys.argv[1]
        if len(sys.argv) > 1
        else str(Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "letters")
    )
    texts = bodies(corpus)
    t0 = time.perf_counter()
    warm_up()
    detect_language("warm up the language detector")
    loaded = time.perf_counter()
    roster = default_roster()
    rounds = 10
    t1 = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            kept, _ = strip_quotes_and_signatures(text)
            find_recipients(kept, roster)
            redact(kept, roster)
            detect_language(kept)
            classify_kind({}, kept)
    elapsed = time.perf_counter() - t1
    print(f"import anonymizer.redact: {imported - started:.3f} s")
    print(f"model load (natasha + lingua): {loaded - t0:.2f} s")
    print(f"{rounds * len(texts) / elapsed:.0f} letters/s on one core ({len(texts)} letters x {rounds})")


if __name__ == "__main__":
    main()
