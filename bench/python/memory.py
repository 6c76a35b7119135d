"""RSS per suspended greenlet on Python's greenlet: `memory.py COUNT DEPTH`.

Mirrors bench/memory.ts: COUNT greenlets, each suspended DEPTH frames deep, created in 10
equal chunks; RSS (from /proc/self/statm) after a full collection before the first chunk and
after each one. Prints one JSON line: per-greenlet growth per chunk (median, quartiles) and overall.
"""
import gc
import json
import os
import statistics
import sys
import time

try:
    from greenlet import greenlet, getcurrent
except ImportError as error:
    print(f"{sys.executable} cannot import greenlet ({error}); install Debian's python3-greenlet", file=sys.stderr)
    sys.exit(3)

CHUNKS = 10
PAGE = os.sysconf("SC_PAGE_SIZE")
main = getcurrent()


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def park(depth):
    if depth > 1:
        return park(depth - 1)
    return main.switch()


def main_():
    count, depth = int(sys.argv[1]), int(sys.argv[2])
    chunk = count // CHUNKS
    held = []
    for _ in range(100):  # warm-up, as on the JavaScript side
        greenlet(park).switch(depth)
    gc.collect()
    start = previous = rss()
    per_chunk = []
    began = time.monotonic()
    for _ in range(CHUNKS):
        for _ in range(chunk):
            g = greenlet(park)
            g.switch(depth)
            held.append(g)
        gc.collect()
        now = rss()
        per_chunk.append((now - previous) / chunk)
        previous = now
    n = chunk * CHUNKS
    assert all(g and not g.dead for g in held), "a parked greenlet is not suspended"
    q1, q2, q3 = statistics.quantiles(per_chunk, n=4, method="inclusive")
    print(json.dumps({
        "bench": "memory", "backend": "python", "count": n, "depth": depth, "unit": "bytes",
        "median": q2, "p25": q1, "p75": q3, "samples": CHUNKS,
        "overall": (previous - start) / n, "seconds": time.monotonic() - began,
    }), flush=True)


if __name__ == "__main__":
    main_()
