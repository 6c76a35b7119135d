"""gevent's side of the hub workload (issue 5): 10,000 greenlets each doing sleep(0) ten times.

Run by bench/run.js when bench/hub-sleep.ts is there; prints one JSON line `gevent-sleep` with
the time per whole run (ns): the median of timeit repeats, quartiles as its spread. Exits with
status 3 and a reason on stderr when gevent is not importable.
"""
import json
import os
import statistics
import sys
import timeit

try:
    import gevent
except ImportError as error:
    print(f"{sys.executable} cannot import gevent ({error}); install Debian's python3-gevent", file=sys.stderr)
    sys.exit(3)

GREENLETS = 10_000
SLEEPS = 10
REPEATS = 3 if os.environ.get("BENCH_QUICK") else 7


def sleeper():
    for _ in range(SLEEPS):
        gevent.sleep(0)


def run():
    gevent.joinall([gevent.spawn(sleeper) for _ in range(GREENLETS)])


def main():
    run()  # warm-up
    times = timeit.Timer(run).repeat(repeat=REPEATS, number=1)
    q1, q2, q3 = statistics.quantiles(times, n=4, method="inclusive")
    print(json.dumps({"bench": "gevent-sleep", "median": q2 * 1e9, "p25": q1 * 1e9, "p75": q3 * 1e9,
                      "unit": "ns", "samples": len(times), "gevent": gevent.__version__}), flush=True)


if __name__ == "__main__":
    main()
