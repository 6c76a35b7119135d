"""The bench workloads on Python's greenlet, for the ratios in `npm run bench`.

Run by bench/run.js as `/usr/bin/python3 bench/python/workloads.py`; prints one JSON line per
figure, named as the JavaScript side names them (bench/workloads.ts), in ns per operation:
the median of repeated timeit runs with the quartiles as its spread. Sizes mirror
bench/config.ts. Exits with status 3 and a reason on stderr when greenlet is not importable.
"""
import json
import os
import statistics
import sys
import timeit

try:
    from greenlet import greenlet, getcurrent
    import greenlet as greenlet_module
except ImportError as error:  # the caller prints the reason in the table
    print(f"{sys.executable} cannot import greenlet ({error}); install Debian's python3-greenlet", file=sys.stderr)
    sys.exit(3)

K = 1000
DEPTHS = [1, 5, 10, 25, 50, 100]
ITEMS = int(os.environ.get("BENCH_ITEMS", 1_000_000))
BUDGET = 0.05 if os.environ.get("BENCH_QUICK") else 0.4  # seconds of timing per figure
END = object()

main = getcurrent()


def report(name, **fields):
    print(json.dumps({"bench": name, **fields}), flush=True)


def measure(fn, ops, min_repeats=12):
    """ns per operation of `fn` (which does `ops` operations): median and quartiles of repeats."""
    timer = timeit.Timer(fn)
    number, seconds = timer.autorange()  # calls per repeat so that one repeat takes >= 0.2 s
    # Shorter repeats than autorange's, so that min_repeats of them fit the budget.
    number = max(1, int(number * min(1.0, BUDGET / min_repeats / max(seconds, 1e-9))))
    per_call = [t / number for t in timer.repeat(repeat=min_repeats, number=number)]
    q1, q2, q3 = statistics.quantiles(per_call, n=4, method="inclusive")
    scale = 1e9 / ops
    return {"median": q2 * scale, "p25": q1 * scale, "p75": q3 * scale, "unit": "ns", "samples": len(per_call)}


# ping-pong at depth: two greenlets, each `depth` frames deep, exchanging a number.
def descend(depth, pair, is_a):
    if depth > 1:
        return descend(depth - 1, pair, is_a)
    return ping_a(pair) if is_a else ping_b(pair)


def ping_a(pair):
    x = 0
    while True:
        n = main.switch(x)
        b = pair["b"]
        for _ in range(n):
            x = b.switch(x + 1)


def ping_b(pair):
    x = main.switch()
    a = pair["a"]
    while True:
        x = a.switch(x + 1)


def ping_pong(depth):
    pair = {"a": greenlet(descend), "b": greenlet(descend)}
    pair["a"].switch(depth, pair, True)
    pair["b"].switch(depth, pair, False)
    a = pair["a"]
    figure = measure(lambda: a.switch(K), 2 * K + 2)
    pair["a"].throw()
    pair["b"].throw()
    return figure


def return_at_once():
    return 1


# producer -> filter -> consumer, each a greenlet; the filter keeps items not divisible by 3.
def produce(sink, n):
    for i in range(n):
        sink["g"].switch(i)
    return END  # to its parent, the filter


def filter_(source, sink):
    while True:
        x = source.switch()
        if x is END:
            return END  # to its parent, the consumer
        if x % 3 != 0:
            sink["g"].switch(x)


def consume(source):
    total = 0
    while True:
        x = source.switch()
        if x is END:
            return total
        total += x


def pipeline(n):
    consumer = greenlet(lambda: consume(filter_g))
    to_consumer = {"g": consumer}
    filter_g = greenlet(lambda: filter_(producer, to_consumer), consumer)
    to_filter = {"g": filter_g}
    producer = greenlet(lambda: produce(to_filter, n), filter_g)
    return consumer.switch()


def main_():
    report("python", version=sys.version.split()[0], greenlet=greenlet_module.__version__)
    for depth in DEPTHS:
        report(f"switch@{depth}", **ping_pong(depth))
    report("create-run-finish", **measure(lambda: greenlet(return_at_once).switch(), 1))
    expected = sum(i for i in range(ITEMS) if i % 3 != 0)

    def checked_pipeline():
        got = pipeline(ITEMS)
        if got != expected:
            raise SystemExit(f"pipeline computed {got}, expected {expected}")

    report("pipeline", **measure(checked_pipeline, ITEMS, min_repeats=5))


if __name__ == "__main__":
    main_()
