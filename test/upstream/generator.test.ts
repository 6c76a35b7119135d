// Port of python-greenlet's src/greenlet/tests/test_generator.py: generators built from
// greenlets. A genlet is a greenlet that is also an iterator; `Yield` passes a value out of it.
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';

class Genlet<T> extends Greenlet implements IterableIterator<T> {
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

  /** @greenlet */
  next(): IteratorResult<T> {
    // Whoever asks for the next value is where Yield sends it.
    this.parent = getcurrent();
    const result = this.switch() as T;
    return this.active ? { value: result, done: false } : { value: undefined, done: true };
  }
}

/** Sends `value` out of the innermost enclosing genlet. */
/** @greenlet */
function Yield(value: unknown): void {
  let g: Greenlet | null = getcurrent();
  while (!(g instanceof Genlet)) {
    if (g === null) throw new Error('yield outside a genlet');
    g = g.parent;
  }
  g.parent!.switch(value);
}

function generator<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => Genlet<unknown> {
  return (...args: A) => new Genlet(fn, args);
}

describe('upstream test_generator.py: GeneratorTests', () => {
  it('test_generator', () => {
    const seen: unknown[] = [];
    const g = generator(
      /** @greenlet */ (n: number) => {
        for (let i = 0; i < n; i++) {
          seen.push(i);
          Yield(i);
        }
      },
    );
    for (let k = 0; k < 3; k++) {
      for (const j of g(5)) seen.push(j);
    }
    assert.deepEqual(seen, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('test_generator (Yield from outside any genlet is an error)', () => {
    assert.throws(() => Yield(1), /yield outside a genlet/);
  });
});
