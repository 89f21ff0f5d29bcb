"""Throughput of the whole anonymize(): parse, attachments, text stages.

Usage: .venv/bin/python bench/anonymize.py [CORPUS_DIR] [--letters N]
Runs anonymize() over the dev letters repeated to N (default 1,000) and prints letters/s,
model load time, peak memory and where the time goes; OCR apart, per image.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import anonymizer.letter as letter_module
from anonymizer import anonymize

STAGES = {
    "parse_letter": "parse",
    "clean_parts": "attachments",
    "_without_quotes": "text",
    "find_recipients": "text",
    "redact": "text",
    "detect_language": "text",
    "classify_kind": "text",
    "read_images": "ocr",
}


def timed(func: Callable[..., object], bucket: str, spent: dict[str, float]) -> Callable[..., object]:
    def wrapper(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[bucket] += time.perf_counter() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "corpus", nargs="?", default=str(Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "letters")
    )
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args()
    raws = [p.read_bytes() for p in sorted(Path(args.corpus).glob("*.eml"))]

    t0 = time.perf_counter()
    from anonymizer.language import detect_language
    from anonymizer.redact import warm_up

    warm_up()
    detect_language("warm up the language detector")
    anonymize(raws[0])
    load = time.perf_counter() - t0

    spent: dict[str, float] = defaultdict(float)
    for name, bucket in STAGES.items():
        setattr(letter_module, name, timed(getattr(letter_module, name), bucket, spent))

    start = time.perf_counter()
    images = 0
    for n in range(args.letters):
        images += len(anonymize(raws[n % len(raws)]).attachments)
    total = time.perf_counter() - start

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"letters: {args.letters} ({len(raws)} distinct)")
    print(f"throughput: {args.letters / total:.1f} letters/s ({total / args.letters * 1000:.2f} ms/letter)")
    print(f"model load (warm_up + language + first letter): {load:.2f} s")
    print(f"peak RSS: {peak_mib:.0f} MiB")
    for bucket, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {bucket:12s} {seconds / args.letters * 1000:7.3f} ms/letter  {seconds / total:6.1%}")
    if images:  # OCR is paid per image, so it is reported per image too (bench/ocr.py measures it alone)
        print(f"ocr: {spent['ocr'] / images * 1000:.0f} ms/image over {images} images")
    else:
        print("ocr: no images in these letters, so no OCR cost")


if __name__ == "__main__":
    main()
