"""The size a bench runs at: quick by default (`make bench`, a few minutes in all), national with
`--full` on the command line or BENCH_FULL=1 in the environment (`make bench FULL=1`).

    from sizes import full   # bench/ is on sys.path when a bench runs as a script
    UNITS = 3321 if full() else 390

full() takes `--full` off sys.argv (so argparse never sees it) and sets BENCH_FULL=1, so the
processes a bench starts for each database run at the same size."""

import os
import sys


def full() -> bool:
    if "--full" in sys.argv:
        sys.argv.remove("--full")
        os.environ["BENCH_FULL"] = "1"
    return os.environ.get("BENCH_FULL", "") not in ("", "0")
