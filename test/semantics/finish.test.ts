// DESIGN.md "Semantics": where control and the outcome go when a greenlet's function ends.
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';

class Boom extends Error {}

describe('return to the parent', () => {
  it("the parent's pending switch returns the returned value", () => {
    const result = { r: 1 };
    const g = new Greenlet(() => result);
    assert.equal(g.switch(), result);
    assert.ok(g.dead);
  });

  it('returning undefined makes the pending switch return undefined', () => {
    const g = new Greenlet(() => {});
    assert.equal(g.switch('ignored'), undefined);
  });

  it('goes to the parent, not to whoever switched to the greenlet last', () => {
    const main = getcurrent();
    const log: unknown[] = [];
    let child: Greenlet | undefined;
    const parent = new Greenlet(
      /** @greenlet */ () => {
        child = new Greenlet(
          /** @greenlet */ () => {
            main.switch('child suspended');
            return 'child result';
          },
        );
        log.push(child.switch());
        return 'parent result';
      },
    );
    assert.equal(parent.switch(), 'child suspended');
    // main resumes the child; its return goes to its parent (suspended in child.switch()),
    // whose own return then comes back to main.
    assert.equal(child!.switch(), 'parent result');
    assert.deepEqual(log, ['child result']);
    assert.ok(child!.dead && parent.dead);
  });

  it('a parent that never started is started with the returned value as its one argument', () => {
    let parentArgs: unknown[] | undefined;
    const parent = new Greenlet((...args: unknown[]) => {
      parentArgs = args;
      return 'parent done';
    });
    const child = new Greenlet(() => 'child result', parent);
    assert.equal(child.switch(), 'parent done');
    assert.deepEqual(parentArgs, ['child result']);
    assert.ok(child.dead);
    assert.ok(parent.started && parent.dead);
  });

  it('a never-started parent gets undefined as its one argument when the child returns nothing', () => {
    let parentArgs: unknown[] | undefined;
    const parent = new Greenlet((...args: unknown[]) => {
      parentArgs = args;
    });
    const child = new Greenlet(() => {}, parent);
    child.switch();
    assert.equal(parentArgs!.length, 1);
    assert.equal(parentArgs![0], undefined);
  });

  it('a chain of never-started parents each start with the previous one\'s result', () => {
    const order: string[] = [];
    const top = new Greenlet((x: number) => {
      order.push(`top ${x}`);
      return x * 2;
    });
    const middle = new Greenlet((x: number) => {
      order.push(`middle ${x}`);
      return x + 1;
    }, top);
    const leaf = new Greenlet(() => {
      order.push('leaf');
      return 10;
    }, middle);
    assert.equal(leaf.switch(), 22);
    assert.deepEqual(order, ['leaf', 'middle 10', 'top 11']);
  });

  it('a dead parent is skipped: the result goes to its first live ancestor', () => {
    const main = getcurrent();
    const deadParent = new Greenlet(() => 'done early');
    deadParent.switch();
    let got: unknown;
    const grandparent = new Greenlet(
      /** @greenlet */ () => {
        got = main.switch('grandparent suspended');
        return 'grandparent done';
      },
    );
    grandparent.switch();
    deadParent.parent = grandparent;
    const child = new Greenlet(() => 'child result', deadParent);
    assert.equal(child.switch(), 'grandparent done');
    assert.equal(got, 'child result');
  });

  it('the default parent is the greenlet current at construction', () => {
    const main = getcurrent();
    const log: unknown[] = [];
    const outer: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        const inner = new Greenlet(() => 'inner result');
        log.push(inner.parent === outer);
        log.push(inner.switch());
        main.switch('outer suspended');
        return 'outer result';
      },
    );
    assert.equal(outer.switch(), 'outer suspended');
    assert.deepEqual(log, [true, 'inner result']);
    assert.equal(outer.switch(), 'outer result');
  });
});

describe('exceptions to the parent', () => {
  it("an error thrown by the function is thrown out of the parent's pending switch", () => {
    const boom = new Boom('boom');
    const g = new Greenlet(() => {
      throw boom;
    });
    assert.throws(
      () => g.switch(),
      (e) => e === boom,
    );
    assert.ok(g.dead);
  });

  it('any thrown value travels, not only Errors', () => {
    const g = new Greenlet(() => {
      throw 'a string';
    });
    assert.throws(
      () => g.switch(),
      (e) => e === 'a string',
    );
  });

  it('goes to a suspended parent, which can catch it and carry on', () => {
    const boom = new Boom();
    const parent = new Greenlet(
      /** @greenlet */ () => {
        const child = new Greenlet(() => {
          throw boom;
        });
        try {
          child.switch();
          return 'not thrown';
        } catch (e) {
          return e === boom ? 'caught boom' : 'caught something else';
        }
      },
    );
    assert.equal(parent.switch(), 'caught boom');
  });

  it('a dead parent is skipped: the error goes to its first live ancestor', () => {
    const boom = new Boom();
    const deadParent = new Greenlet(() => 'done early');
    deadParent.switch();
    const child = new Greenlet(() => {
      throw boom;
    }, deadParent);
    assert.throws(
      () => child.switch(),
      (e) => e === boom,
    );
  });

  it('a never-started parent dies of it without running and passes it on to its own parent', () => {
    const boom = new Boom();
    let parentRan = false;
    const parent = new Greenlet(() => {
      parentRan = true;
    });
    const child = new Greenlet(() => {
      throw boom;
    }, parent);
    assert.throws(
      () => child.switch(),
      (e) => e === boom,
    );
    assert.equal(parentRan, false);
    assert.ok(parent.started && parent.dead && !parent.active);
    assert.ok(child.dead);
  });

  it('through a chain of never-started parents to the first started one', () => {
    const main = getcurrent();
    const boom = new Boom();
    const ran: string[] = [];
    const log: unknown[] = [];
    const keeper = new Greenlet(
      /** @greenlet */ () => {
        try {
          main.switch('keeper suspended');
        } catch (e) {
          log.push(e === boom);
        }
        return 'keeper done';
      },
    );
    assert.equal(keeper.switch(), 'keeper suspended');
    const p2 = new Greenlet(() => ran.push('p2'), keeper);
    const p1 = new Greenlet(() => ran.push('p1'), p2);
    const child = new Greenlet(() => {
      throw boom;
    }, p1);
    // The error kills p1 and p2 unrun and is thrown at keeper's suspension point;
    // keeper returns to its parent, main.
    assert.equal(child.switch(), 'keeper done');
    assert.deepEqual(ran, []);
    assert.deepEqual(log, [true]);
    for (const g of [child, p1, p2, keeper]) assert.ok(g.started && g.dead, 'all four are dead');
  });
});

describe('GreenletExit leaving a greenlet', () => {
  it('is not an error: the parent receives the GreenletExit object as a value', () => {
    const exit = new GreenletExit('bye');
    const g = new Greenlet(() => {
      throw exit;
    });
    assert.equal(g.switch(), exit);
    assert.ok(g.dead);
  });

  it('a subclass of GreenletExit is a value too', () => {
    class Done extends GreenletExit {}
    const done = new Done();
    const g = new Greenlet(() => {
      throw done;
    });
    assert.equal(g.switch(), done);
  });

  it('arrives as a value at a suspended parent', () => {
    const exit = new GreenletExit();
    const parent = new Greenlet(
      /** @greenlet */ () => {
        const child = new Greenlet(() => {
          throw exit;
        });
        return child.switch() === exit ? 'received as value' : 'wrong value';
      },
    );
    assert.equal(parent.switch(), 'received as value');
  });

  it('a parent that never started is started with no arguments', () => {
    let parentArgs: unknown[] | undefined;
    const parent = new Greenlet((...args: unknown[]) => {
      parentArgs = args;
      return 'parent done';
    });
    const child = new Greenlet(() => {
      throw new GreenletExit();
    }, parent);
    assert.equal(child.switch(), 'parent done');
    assert.deepEqual(parentArgs, []);
  });
});
