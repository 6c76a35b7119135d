// DESIGN.md "Semantics": starting a greenlet, and what a pending switch returns.
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';

describe('passing values', () => {
  it('constructing a greenlet runs nothing', () => {
    let calls = 0;
    const g = new Greenlet(() => {
      calls++;
    });
    assert.equal(calls, 0);
    assert.equal(g.started, false);
  });

  it('the first switch calls run with no arguments', () => {
    let seen: unknown[] | undefined;
    const g = new Greenlet((...args: unknown[]) => {
      seen = args;
    });
    g.switch();
    assert.deepEqual(seen, []);
  });

  it('the first switch calls run with its one argument, unpacked', () => {
    let seen: unknown[] | undefined;
    const arg = { a: 1 };
    const g = new Greenlet((...args: unknown[]) => {
      seen = args;
    });
    g.switch(arg);
    assert.equal(seen!.length, 1);
    assert.equal(seen![0], arg);
  });

  it('the first switch calls run with several arguments as separate parameters', () => {
    let seen: unknown[] | undefined;
    const g = new Greenlet((a: number, b: string, c: null) => {
      seen = [a, b, c];
    });
    g.switch(1, 'two', null);
    assert.deepEqual(seen, [1, 'two', null]);
  });

  it("a suspended greenlet's switch returns undefined when sent no argument", () => {
    const main = getcurrent();
    const got: unknown[] = [];
    const g = new Greenlet(
      /** @greenlet */ () => {
        got.push(main.switch('ready'));
        got.push(main.switch('ready'));
      },
    );
    g.switch();
    g.switch();
    assert.deepEqual(got, [undefined]);
    g.switch(undefined);
    assert.equal(got.length, 2);
    assert.equal(got[1], undefined);
    assert.ok(g.dead);
  });

  it("a suspended greenlet's switch returns the one value sent, not wrapped", () => {
    const main = getcurrent();
    const got: unknown[] = [];
    const arr = [1, 2];
    const obj = { k: 'v' };
    const g = new Greenlet(
      /** @greenlet */ () => {
        got.push(main.switch());
        got.push(main.switch());
        got.push(main.switch());
      },
    );
    g.switch();
    g.switch(42);
    g.switch(arr);
    g.switch(obj);
    assert.equal(got[0], 42);
    assert.equal(got[1], arr, 'a single array argument arrives as that same array');
    assert.equal(got[2], obj);
    assert.ok(g.dead);
  });

  it("a suspended greenlet's switch returns an array when sent several values", () => {
    const main = getcurrent();
    const got: unknown[] = [];
    const g = new Greenlet(
      /** @greenlet */ () => {
        got.push(main.switch());
        got.push(main.switch());
      },
    );
    g.switch();
    g.switch(1, 2);
    g.switch('a', undefined, 'c');
    assert.deepEqual(got, [
      [1, 2],
      ['a', undefined, 'c'],
    ]);
  });

  it('values sent from a greenlet to its parent are packed by the same rule', () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ () => {
        main.switch();
        main.switch('one');
        main.switch('x', 'y');
        return 'end';
      },
    );
    assert.equal(g.switch(), undefined);
    assert.equal(g.switch(), 'one');
    assert.deepEqual(g.switch(), ['x', 'y']);
    assert.equal(g.switch(), 'end');
  });

  it('the whole call stack is suspended: a switch deep in nested marked calls returns there', () => {
    const main = getcurrent();
    /** @greenlet */
    function depth(n: number): unknown[] {
      if (n === 0) return [main.switch('at the bottom')];
      return [n, ...depth(n - 1)];
    }
    const g = new Greenlet(
      /** @greenlet */ () => depth(3),
    );
    assert.equal(g.switch(), 'at the bottom');
    assert.deepEqual(g.switch('sent down'), [3, 2, 1, 'sent down']);
  });

  it('values travel both ways through a chain of switches between siblings', () => {
    const main = getcurrent();
    const log: unknown[] = [];
    const a: Greenlet = new Greenlet(
      /** @greenlet */ (x: number) => {
        log.push(['a got', x]);
        const y = b.switch(x + 1);
        log.push(['a got', y]);
        return y + 1;
      },
    );
    const b: Greenlet = new Greenlet(
      /** @greenlet */ (x: number) => {
        log.push(['b got', x]);
        const y = a.switch(x * 10);
        log.push(['b resumed with', y]);
      },
    );
    assert.equal(a.switch(1), 21);
    assert.deepEqual(log, [
      ['a got', 1],
      ['b got', 2],
      ['a got', 20],
    ]);
    // b is still suspended; it returns undefined to its parent, main.
    assert.equal(b.switch('late'), undefined);
    assert.deepEqual(log[3], ['b resumed with', 'late']);
    assert.equal(main, getcurrent());
  });
});

describe('switching to the current greenlet', () => {
  it('from the main greenlet returns the values at once, packed', () => {
    const main = getcurrent();
    const obj = {};
    assert.equal(main.switch(), undefined);
    assert.equal(main.switch(obj), obj);
    assert.deepEqual(main.switch(1, 2, 3), [1, 2, 3]);
    assert.equal(getcurrent(), main);
  });

  it('from inside a greenlet returns the values at once, without leaving it', () => {
    const main = getcurrent();
    const got: unknown[] = [];
    const g: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        got.push(g.switch());
        got.push(getcurrent().switch('solo'));
        got.push(g.switch('p', 'q'));
        got.push(getcurrent() === g);
        main.switch('back in main');
        got.push('resumed');
      },
    );
    assert.equal(g.switch(), 'back in main');
    assert.deepEqual(got, [undefined, 'solo', ['p', 'q'], true]);
    assert.ok(g.active);
    g.switch();
    assert.equal(got[4], 'resumed');
  });
});
