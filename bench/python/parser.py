"""bench/parser.ts's greenlet parser on Python's greenlet, for the parser row of `npm run bench`.

The same source text (the same linear congruence), the same lexer chunks of 64 tokens made by a
producer greenlet, the same recursive descent. Prints one JSON line, `parser`, in ns per token
(the median of repeated timeit runs with the quartiles as its spread).
"""
import json
import os
import statistics
import sys
import timeit

try:
    from greenlet import greenlet, getcurrent
except ImportError as error:
    print(f"{sys.executable} cannot import greenlet ({error}); install Debian's python3-greenlet", file=sys.stderr)
    sys.exit(3)

CHUNK = 64
PLUS, MINUS, TIMES, OPEN, CLOSE, END = -1, -2, -3, -4, -5, -6
TOKENS = 43_689
BUDGET = 0.05 if os.environ.get("BENCH_QUICK") else 0.4


def make_source(tokens):
    seed = 12345

    def rand(n):
        nonlocal seed
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        return seed % n

    out = []
    count = 0

    def expr(depth):
        nonlocal count
        term(depth)
        while count < tokens and rand(3) != 0:
            out.append(" + " if rand(2) else " - ")
            count += 1
            term(depth)

    def term(depth):
        nonlocal count
        factor(depth)
        while count < tokens and rand(3) == 0:
            out.append(" * ")
            count += 1
            factor(depth)

    def factor(depth):
        nonlocal count
        r = rand(8)
        if depth < 12 and r < 2:
            out.append("(")
            count += 1
            expr(depth + 1)
            out.append(")")
            count += 1
        elif r == 2:
            out.append("-")
            count += 1
            factor(depth)
        else:
            out.append(str(rand(1000)))
            count += 1

    while count < tokens:
        if out:
            out.append(" + ")
            count += 1
        expr(0)
    return "".join(out)


OPS = {"+": PLUS, "-": MINUS, "*": TIMES, "(": OPEN, ")": CLOSE}


def lex_chunk(src, at, buf):
    count = 0
    n = len(src)
    while count < CHUNK:
        while at < n and src[at] == " ":
            at += 1
        if at >= n:
            buf[count] = END
            count += 1
            break
        c = src[at]
        if "0" <= c <= "9":
            v = 0
            while at < n and "0" <= src[at] <= "9":
                v = v * 10 + ord(src[at]) - 48
                at += 1
            buf[count] = v
            count += 1
            continue
        at += 1
        buf[count] = OPS.get(c, END)
        count += 1
    return at, count


def i32(v):
    v &= 0xFFFFFFFF
    return v - 0x100000000 if v & 0x80000000 else v


def produce(src, buf, consumer):
    at = 0
    while True:
        at, count = lex_chunk(src, at, buf)
        consumer.switch(count)


class Lexer:
    def __init__(self, src):
        self.src = src
        self.buf = [0] * CHUNK
        self.pos = 0
        self.count = 0
        self.producer = greenlet(produce)
        self.started = False

    def refill(self):
        if self.started:
            self.count = self.producer.switch()
        else:
            self.started = True
            self.count = self.producer.switch(self.src, self.buf, getcurrent())
        self.pos = 0

    def peek(self):
        if self.pos == self.count:
            self.refill()
        return self.buf[self.pos]

    def take(self):
        if self.pos == self.count:
            self.refill()
        t = self.buf[self.pos]
        self.pos += 1
        return t


def expr(lx):
    v = term(lx)
    while True:
        t = lx.peek()
        if t != PLUS and t != MINUS:
            return v
        lx.take()
        w = term(lx)
        v = i32(v + w) if t == PLUS else i32(v - w)


def term(lx):
    v = factor(lx)
    while lx.peek() == TIMES:
        lx.take()
        v = i32(v * factor(lx))
    return v


def factor(lx):
    t = lx.take()
    if t >= 0:
        return t
    if t == MINUS:
        return i32(-factor(lx))
    if t != OPEN:
        raise SyntaxError(f"unexpected token {t}")
    v = expr(lx)
    if lx.take() != CLOSE:
        raise SyntaxError("expected )")
    return v


def program(src):
    lx = Lexer(src)
    try:
        v = expr(lx)
        if lx.take() != END:
            raise SyntaxError("expected the end")
        return v
    finally:
        lx.producer.throw()


def parse(src):
    return greenlet(program).switch(src)


def measure(fn, ops, min_repeats=12):
    timer = timeit.Timer(fn)
    number, seconds = timer.autorange()
    number = max(1, int(number * min(1.0, BUDGET / min_repeats / max(seconds, 1e-9))))
    per_call = [t / number for t in timer.repeat(repeat=min_repeats, number=number)]
    q1, q2, q3 = statistics.quantiles(per_call, n=4, method="inclusive")
    scale = 1e9 / ops
    return {"median": q2 * scale, "p25": q1 * scale, "p75": q3 * scale, "unit": "ns", "samples": len(per_call)}


def main():
    sys.setrecursionlimit(10_000)
    src = make_source(TOKENS)
    tokens = sum(1 for _ in lex_all(src))
    expected = int(sys.argv[1]) if len(sys.argv) > 1 else None
    got = parse(src)
    if expected is not None and got != expected:
        raise SystemExit(f"the Python parser computed {got}, JavaScript {expected}")
    print(json.dumps({"bench": "parser", **measure(lambda: parse(src), tokens), "tokens": tokens, "value": got}), flush=True)


def lex_all(src):
    at = 0
    buf = [0] * CHUNK
    while True:
        at, count = lex_chunk(src, at, buf)
        for t in buf[:count]:
            if t == END:
                return
            yield t


if __name__ == "__main__":
    main()
