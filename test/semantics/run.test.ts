// DESIGN.md "Public API": `run`, subclasses, `this`, and the greenlet() factory.
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletError, getcurrent, greenlet } from 'greenlet-ts';

describe('run', () => {
  it('reads as the function given to the constructor until the greenlet starts', () => {
    const fn = () => 'result';
    const g = new Greenlet(fn);
    assert.equal(g.run, fn);
  });

  it('can be replaced before the start; the replacement is what runs', () => {
    const g = new Greenlet(() => 'original');
    const replacement = (x: string) => `replacement ${x}`;
    g.run = replacement;
    assert.equal(g.run, replacement);
    assert.equal(g.switch('ran'), 'replacement ran');
  });

  it('can be given after construction to a greenlet made without one', () => {
    const g = new Greenlet();
    g.run = () => 'late run';
    assert.equal(g.switch(), 'late run');
  });

  it('starting a greenlet without a run function throws GreenletError and leaves it unstarted', () => {
    const g = new Greenlet();
    assert.throws(() => g.switch(), GreenletError);
    assert.equal(g.started, false);
    g.run = () => 'now it runs';
    assert.equal(g.switch(), 'now it runs');
  });

  it('a run that is not a function throws TypeError', () => {
    assert.throws(() => new Greenlet('not a function' as any), TypeError);
    const g = new Greenlet(() => {});
    assert.throws(() => {
      g.run = 42 as any;
    }, TypeError);
  });

  it('reads undefined once started — while running, suspended and dead — and assigning throws GreenletError', () => {
    const main = getcurrent();
    const inside: unknown[] = [];
    const g: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        inside.push(g.run);
        try {
          g.run = () => {};
        } catch (e) {
          inside.push(e instanceof GreenletError);
        }
        main.switch();
      },
    );
    g.switch();
    assert.deepEqual(inside, [undefined, true]);
    assert.equal(g.run, undefined, 'suspended');
    assert.throws(() => {
      g.run = () => {};
    }, GreenletError);
    g.switch();
    assert.ok(g.dead);
    assert.equal(g.run, undefined, 'dead');
    assert.throws(() => {
      g.run = () => {};
    }, GreenletError);
  });

  it('a greenlet killed before it started counts as started: run reads undefined and cannot be set', () => {
    const g = new Greenlet(() => {});
    g.throw();
    assert.equal(g.run, undefined);
    assert.throws(() => {
      g.run = () => {};
    }, GreenletError);
  });
});

// As Python calls a `run` given to greenlet(run) without `self`: only a subclass's method is
// called on the greenlet, so a suspended greenlet's frames need not keep it reachable.
describe('the `this` of run', () => {
  /** Runs `g` to a suspension and on to its end; returns the `this` its run saw. */
  function seenThis(g: Greenlet): unknown {
    const main = getcurrent();
    assert.equal(g.switch(main), 'suspended');
    const seen = g.switch();
    assert.ok(g.dead);
    return seen;
  }
  /** @greenlet */
  function marked(this: unknown, main: Greenlet): unknown {
    main.switch('suspended');
    return this;
  }
  function unmarked(this: unknown): unknown {
    return this;
  }

  it('a function given to the constructor is called with `this` undefined', () => {
    assert.equal(seenThis(new Greenlet(marked)), undefined);
    assert.equal(new Greenlet(unmarked).switch(), undefined);
    assert.equal(greenlet(unmarked).switch(), undefined);
  });

  it('so is a function assigned to run', () => {
    const g = new Greenlet();
    g.run = marked;
    assert.equal(seenThis(g), undefined);
    const h = new Greenlet(() => 'replaced');
    h.run = unmarked;
    assert.equal(h.switch(), undefined);
  });

  it('so is a method taken off an object: it is a function like any other', () => {
    const holder = {
      /** @greenlet */
      wait(main: Greenlet): unknown {
        main.switch('suspended');
        return this;
      },
      plain(): unknown {
        return this;
      },
    };
    assert.equal(seenThis(new Greenlet(holder.wait)), undefined);
    assert.equal(new Greenlet(holder.plain).switch(), undefined);
  });

  it('a bound function sees what it was bound to', () => {
    const target = { name: 'bound target' };
    assert.equal(seenThis(new Greenlet(marked.bind(target))), target);
    assert.equal(new Greenlet(unmarked.bind(target)).switch(), target);
  });

  it('an arrow function keeps its lexical `this`', () => {
    const outerThis = { tag: 'outer' };
    let self: unknown;
    function make(this: typeof outerThis) {
      return new Greenlet(
        /** @greenlet */ (main: Greenlet) => {
          main.switch('suspended');
          self = this;
        },
      );
    }
    seenThis(make.call(outerThis));
    assert.equal(self, outerThis);
  });

  it("a subclass's run method is called on the greenlet", () => {
    class Marked extends Greenlet {
      /** @greenlet */
      override run(main: Greenlet): unknown {
        main.switch('suspended');
        return this;
      }
    }
    class Unmarked extends Greenlet {
      override run(): unknown {
        return this;
      }
    }
    const m = new Marked();
    assert.equal(seenThis(m), m);
    const u = new Unmarked();
    assert.equal(u.switch(), u);
  });

  it('a function given to, or assigned on, an instance of such a subclass is still called plainly', () => {
    class Sub extends Greenlet {
      override run(): unknown {
        return this;
      }
    }
    assert.equal(seenThis(new Sub(marked)), undefined);
    // Sub's method shadows the accessor, so this makes an own property, as Python's instance dict.
    const s = new Sub();
    s.run = unmarked;
    assert.equal(s.switch(), undefined);
  });
});

describe('subclasses', () => {
  class Counter extends Greenlet {
    log: unknown[] = [];
    /** @greenlet */
    override run(start: number, step: number) {
      this.log.push(this === getcurrent());
      let n = start;
      for (;;) {
        const cmd = this.parent!.switch(n);
        if (cmd === 'stop') return `stopped at ${n}`;
        n += step;
      }
    }
  }

  it("a subclass's run method is the greenlet's function, called with its arguments and `this`", () => {
    const c = new Counter();
    assert.equal(c.switch(10, 5), 10);
    assert.equal(c.switch(), 15);
    assert.equal(c.switch(), 20);
    assert.equal(c.switch('stop'), 'stopped at 20');
    assert.deepEqual(c.log, [true]);
    assert.ok(c.dead);
    assert.ok(c instanceof Greenlet);
  });

  it('a subclass can be given a parent', () => {
    let got: unknown;
    const p = new Greenlet((x: unknown) => {
      got = x;
      return 'p done';
    });
    class Once extends Greenlet {
      override run() {
        return 'once result';
      }
    }
    assert.equal(new Once(undefined, p).switch(), 'p done');
    assert.equal(got, 'once result');
  });

  it('a function given to the constructor wins over the subclass method', () => {
    class Sub extends Greenlet {
      override run() {
        return 'method';
      }
    }
    assert.equal(new Sub(() => 'constructor function').switch(), 'constructor function');
  });
});

describe('greenlet()', () => {
  it('is the same as new Greenlet(run, parent)', () => {
    const main = getcurrent();
    const p = new Greenlet((x: unknown) => `p got ${x}`);
    const g = greenlet((a: number, b: number) => a + b, p);
    assert.ok(g instanceof Greenlet);
    assert.equal(g.parent, p);
    assert.equal(g.started, false);
    assert.equal(g.switch(2, 3), 'p got 5');
    const h = greenlet();
    assert.equal(h.parent, main);
    assert.throws(() => h.switch(), GreenletError, 'no run function');
  });
});
