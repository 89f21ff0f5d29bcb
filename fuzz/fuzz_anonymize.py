"""atheris fuzz target for the parser entry point, for long runs by hand (not part of `make test`).

    .venv/bin/pip install atheris
    mkdir -p fuzz/corpus && cp tests/data/realworld/*.eml tests/data/corpus/letters/*.eml fuzz/corpus/
    .venv/bin/python fuzz/fuzz_anonymize.py -max_total_time=3600 -rss_limit_mb=2048 \
        -artifact_prefix=fuzz/findings/ fuzz/corpus

libFuzzer writes new inputs into the corpus folder, so never point it at tests/data.

Anything but a result or an AnonymizerError is a finding.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from anonymizer.errors import AnonymizerError
    from anonymizer.letter import anonymize
    from anonymizer.roster import default_roster

ROSTER = default_roster()


def one_input(data: bytes) -> None:
    try:
        anonymize(data, ROSTER)
    except AnonymizerError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
