"""cProfile over every thread of the parent, for `intake_bench.py --profile` (py-spy is not installed).

cProfile sees only the thread that enabled it, and intake works in several: the pass itself, the
fetcher, the committer, two threads per anonymiser child. Each thread started after `install()`
gets a profiler of its own; `report()` merges them with the main thread's. The children are other
processes and are not profiled: their share shows as time waiting in `select.poll`.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import threading

_profiles: list[cProfile.Profile] = []


def install() -> cProfile.Profile:
    """Profile the calling thread from now on, and every thread started later."""
    original = threading.Thread.run

    def run(self: threading.Thread) -> None:
        profile = cProfile.Profile()
        _profiles.append(profile)
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()

    threading.Thread.run = run  # type: ignore[method-assign]
    main = cProfile.Profile()
    _profiles.append(main)
    main.enable()
    return main


def report(main: cProfile.Profile, lines: int) -> str:
    """The `lines` functions with the most time of their own, over all threads (waits included)."""
    main.disable()
    out = io.StringIO()
    stats = pstats.Stats(_profiles[0], stream=out)
    for profile in _profiles[1:]:
        stats.add(profile)
    stats.strip_dirs().sort_stats("tottime").print_stats(lines)
    return out.getvalue()
