"""The gevent-style hub workload (issue 5), for comparison with bench/hub-sleep.ts:
10,000 greenlets each doing sleep(0) ten times, spawned and joined. Prints the median of
several runs in ms, then one JSON line for bench/run.js."""
import json
import statistics
import sys
import time

import gevent

GREENLETS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
SLEEPS = 10
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 9


def worker():
    for _ in range(SLEEPS):
        gevent.sleep(0)


cpu_samples = []


def once():
    c0 = time.process_time()
    t0 = time.perf_counter()
    gevent.joinall([gevent.spawn(worker) for _ in range(GREENLETS)])
    cpu_samples.append((time.process_time() - c0) * 1000)
    return (time.perf_counter() - t0) * 1000


once()  # warm-up
cpu_samples.clear()
samples = sorted(once() for _ in range(RUNS))
q = statistics.quantiles(samples, n=4)
cpu = statistics.median(cpu_samples)
print(f"gevent {gevent.__version__}: {GREENLETS} greenlets x {SLEEPS} sleep(0): "
      f"median {statistics.median(samples):.1f} ms (p25 {q[0]:.1f}, p75 {q[2]:.1f}, {RUNS} runs); "
      f"CPU time median {cpu:.1f} ms")
print(json.dumps({"bench": "hub-sleep-gevent", "median": statistics.median(samples), "p25": q[0],
                  "p75": q[2], "unit": "ms", "samples": RUNS, "cpu": cpu, "gevent": gevent.__version__,
                  "python": sys.version.split()[0]}))
