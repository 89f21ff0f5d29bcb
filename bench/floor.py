"""The single-core floor: the least any intake must do per letter, done in one process on one core.

Usage: .venv/bin/python bench/floor.py [--letters N] [--source DIR] [--seconds] [--no-ocr]
Per letter: the standard library's MIME parse, decoding every text part, one natasha NER pass
over that text, one Tesseract pass over each attached image, and sealing the raw letter with HPKE
as foundation.vault does. No anonymiser rules, no database, no IMAP. Prints letters/s and the split;
`--seconds` prints only the loop's seconds (what `intake_bench.py` and `import_bench.py` read when
they run it beside themselves). Models are loaded before the clock starts. Default letters: the
development corpus, repeated to N.

The Tesseract pass is the command napishy runs (`anonymizer.attachments.ocr`: the five languages,
one thread, the image on stdin, TSV out), once per image, one image after the other: a letter that
carries a screenshot cannot be published unread, so any intake pays that. Its start (loading the
five languages' models, about 0.18 s of a small image's 0.2 s) is counted as napishy pays it too;
`--no-ocr` leaves images out, the floor as it was before images were read.
"""

from __future__ import annotations

import os

# As napishy.cli.main does: the NER's tiny matrix products only lose with BLAS threads.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import email  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from email import policy  # noqa: E402
from email.message import EmailMessage  # noqa: E402
from pathlib import Path  # noqa: E402

from corpus import CORPUS, letters  # noqa: E402

from foundation.vault import Sealer, generate_keys  # noqa: E402


@dataclass(frozen=True)
class Floor:
    letters: int
    seconds: float
    split: dict[str, float]
    images: int = 0

    def line(self) -> str:
        parts = ", ".join(f"{k} {v / self.letters * 1000:.2f}" for k, v in self.split.items())
        ocr = f" + one Tesseract pass per image ({self.images} images)" if "ocr" in self.split else ""
        return (f"floor (stdlib parse + decode + natasha NER{ocr} + HPKE seal, one process): {self.letters} letters"
                f" in {self.seconds:.2f} s = {self.letters / self.seconds:.0f} letters/s (ms per letter: {parts})")


def text_of(message: EmailMessage) -> str:
    """Every text part, decoded from its transfer encoding and charset; a part that cannot be is skipped."""
    texts = []
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.is_attachment():
            continue
        try:
            texts.append(part.get_content())
        except (LookupError, ValueError, AssertionError):
            continue
    return "\n".join(texts)


def images_of(message: EmailMessage) -> list[bytes]:
    """The decoded bytes of every image part (attached or inline)."""
    found = []
    for part in message.walk():
        if part.get_content_maintype() == "image":
            try:
                found.append(part.get_content())
            except (LookupError, ValueError, AssertionError):
                continue
    return found


def tesseract_pass(image: bytes) -> str:
    """What `anonymizer.attachments.ocr.read` runs for one image: the same command line and thread limit."""
    from anonymizer.attachments.ocr import LANGUAGES

    binary = shutil.which("tesseract")
    if binary is None:
        raise SystemExit("the floor reads images with Tesseract: apt-get install tesseract-ocr (or --no-ocr)")
    argv = [binary, "stdin", "stdout", "-l", "+".join(LANGUAGES), "--psm", "3", "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(argv, input=image, capture_output=True, env=env, check=True).stdout.decode()


def measure(raws: list[bytes], ocr: bool = True) -> Floor:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    with tempfile.TemporaryDirectory() as folder:
        generate_keys(Path(folder), b"floor passphrase")
        sealer = Sealer.from_file(Path(folder) / "public.key")
    split = dict.fromkeys(("parse", "decode", "ner", "ocr", "seal") if ocr else ("parse", "decode", "ner", "seal"), 0.0)
    clock = time.perf_counter
    images = 0
    started = clock()
    for raw in raws:
        t0 = clock()
        message = email.message_from_bytes(raw, policy=policy.default)
        t1 = clock()
        text = text_of(message)  # type: ignore[arg-type]  # policy.default builds EmailMessage
        t2 = clock()
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        t3 = clock()
        if ocr:
            for image in images_of(message):  # type: ignore[arg-type]
                tesseract_pass(image)
                images += 1
        t4 = clock()
        sealer.seal(raw)
        t5 = clock()
        spans = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4) if ocr else (t1 - t0, t2 - t1, t3 - t2, t5 - t4)
        for name, spent in zip(split, spans, strict=True):
            split[name] += spent
    return Floor(len(raws), clock() - started, split, images)


def in_child(source: Path | None, count: int, default: Path, ocr: bool = True) -> float:
    """The floor's seconds for the same letters, measured in a process of its own: one core, and
    the caller's memory figures stay its own."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--letters", str(count), "--seconds",
            "--source", str(source or default), *([] if ocr else ["--no-ocr"])]
    return float(subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--source", type=Path, help="a folder of .eml files (default: tests/data/corpus/letters)")
    parser.add_argument("--seconds", action="store_true", help="print only the loop's seconds")
    parser.add_argument("--no-ocr", action="store_true", help="leave images unread (the floor before OCR)")
    args = parser.parse_args()
    floor = measure(letters(args.source, args.letters, CORPUS), ocr=not args.no_ocr)
    if args.seconds:
        print(f"{floor.seconds:.4f}")
        return
    print(floor.line())
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
