// Port of python-greenlet's src/greenlet/tests/test_generator_nested.py: genlets iterated
// from inside other genlets, and Yield reaching past the innermost one (`level`).
//
// Inside a greenlet the ports call `next()` explicitly, as they were first written; the for-of
// variant below checks that a `for-of` over a genlet (a marked `next`) works there too on both
// backends: the transformer lowers it into explicit, suspending `next()` calls (issue 17).
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';

class Genlet<T = unknown> extends Greenlet implements IterableIterator<T> {
  child: Genlet<unknown> | null = null;

  constructor(
    private readonly fn: (...args: any[]) => void,
    private readonly args: unknown[],
  ) {
    super();
  }

  /** @greenlet */
  override run(): void {
    this.fn(...this.args);
  }

  [Symbol.iterator](): this {
    return this;
  }

  setChild(child: Genlet<unknown>): void {
    this.child = child;
  }

  /** @greenlet */
  next(): IteratorResult<T> {
    let result: unknown;
    if (this.child) {
      // A Yield with level > 1 left an inner genlet suspended: resume the innermost one.
      let child = this.child;
      while (child.child) {
        const tmp = child;
        child = child.child;
        tmp.child = null;
      }
      result = child.switch();
    } else {
      this.parent = getcurrent();
      result = this.switch();
    }
    return this.active ? { value: result as T, done: false } : { value: undefined, done: true };
  }
}

/** Sends `value` out of the `level`-th enclosing genlet. */
/** @greenlet */
function Yield(value: unknown, level = 1): void {
  let g: Greenlet = getcurrent();
  while (level !== 0) {
    if (!(g instanceof Genlet)) throw new Error('yield outside a genlet');
    if (level > 1) (g.parent as Genlet).setChild(g);
    g = g.parent!;
    level -= 1;
  }
  g.switch(value);
}

function genlet<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => Genlet {
  return (...args: A) => new Genlet(fn, args);
}

/** A plain JavaScript generator, the baseline the genlets must match. */
function* g1(n: number, seen: unknown[]): Generator<number> {
  for (let i = 0; i < n; i++) {
    seen.push(i + 1);
    yield i;
  }
}

const g2 = genlet(
  /** @greenlet */ (n: number, seen: unknown[]) => {
    for (let i = 0; i < n; i++) {
      seen.push(i + 1);
      Yield(i);
    }
  },
);

/** @greenlet */
function nested(i: number): void {
  Yield(i);
}

const g3 = genlet(
  /** @greenlet */ (n: number, seen: unknown[]) => {
    for (let i = 0; i < n; i++) {
      seen.push(i + 1);
      nested(i);
    }
  },
);

const ax: (n: number) => Genlet = genlet(
  /** @greenlet */ (n: number) => {
    if (n === 0) return;
    const inner = ax(n - 1);
    for (let r = inner.next(); !r.done; r = inner.next()) Yield(r.value);
    Yield(n);
  },
);

const perms: (l: number[]) => Genlet<number[]> = genlet(
  /** @greenlet */ (l: number[]) => {
    if (l.length > 1) {
      for (const e of l) {
        const x: unknown[] = [];
        const inner = perms(l.filter((v) => v !== e));
        for (let r = inner.next(); !r.done; r = inner.next()) x.push(Yield([e, ...r.value]));
        assert.ok(x.length > 0);
      }
    } else {
      Yield(l);
    }
  },
) as (l: number[]) => Genlet<number[]>;

const gr1 = genlet(
  /** @greenlet */ (n: number) => {
    for (let ii = 1; ii < n; ii++) {
      Yield(ii);
      Yield(ii * ii, 2);
    }
  },
);

const gr2 = genlet(
  /** @greenlet */ (n: number, seen: unknown[]) => {
    const inner = gr1(n);
    for (let r = inner.next(); !r.done; r = inner.next()) seen.push(r.value);
  },
);

describe('upstream test_generator_nested.py: NestedGeneratorTests', () => {
  it('test_layered_genlets', () => {
    const seen: unknown[] = [];
    for (const ii of gr2(5, seen)) seen.push(ii);
    assert.deepEqual(seen, [1, 1, 2, 4, 3, 9, 4, 16]);
  });

  it('test_layered_genlets, with for-of inside a genlet (as in Python)', () => {
    const gr2ForOf = genlet(
      /** @greenlet */ (n: number, seen: unknown[]) => {
        for (const ii of gr1(n)) seen.push(ii);
      },
    );
    const seen: unknown[] = [];
    for (const ii of gr2ForOf(5, seen)) seen.push(ii);
    assert.deepEqual(seen, [1, 1, 2, 4, 3, 9, 4, 16]);
  });

  it('test_permutations', () => {
    const permutations = [...perms([0, 1, 2, 3])];
    assert.equal(permutations.length, 4 * 3 * 2 * 1);
    assert.ok(permutations.some((p) => p.join() === '0,1,2,3'));
    assert.ok(permutations.some((p) => p.join() === '3,2,1,0'));
    // zip(perms(range(4)), perms(range(3))): stops when the shorter one ends.
    const a = perms([0, 1, 2, 3]);
    const b = perms([0, 1, 2]);
    const res: [number[], number[]][] = [];
    for (;;) {
      const x = a.next();
      if (x.done) break;
      const y = b.next();
      if (y.done) break;
      res.push([x.value, y.value]);
    }
    assert.deepEqual(res, [
      [[0, 1, 2, 3], [0, 1, 2]],
      [[0, 1, 3, 2], [0, 2, 1]],
      [[0, 2, 1, 3], [1, 0, 2]],
      [[0, 2, 3, 1], [1, 2, 0]],
      [[0, 3, 1, 2], [2, 0, 1]],
      [[0, 3, 2, 1], [2, 1, 0]],
    ]);
  });

  it('test_genlet_simple', () => {
    for (const g of [g1, g2, g3]) {
      const seen: unknown[] = [];
      for (let k = 0; k < 3; k++) {
        for (const j of g(5, seen)) seen.push(j);
      }
      assert.deepEqual(seen, [1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 1, 0, 2, 1, 3, 2, 4, 3, 5, 4]);
    }
  });

  it('test_genlet_bad', () => {
    assert.throws(() => Yield(10), /yield outside a genlet/);
  });

  it('test_nested_genlets', () => {
    const seen: unknown[] = [];
    for (const ii of ax(5)) seen.push(ii);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  });
});
