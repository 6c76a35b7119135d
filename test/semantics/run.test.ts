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

  it('is called with `this` set to the greenlet', () => {
    let self: unknown;
    const g = new Greenlet(function (this: Greenlet) {
      self = this;
    });
    g.switch();
    assert.equal(self, g);
  });

  it('an arrow function keeps its lexical `this`', () => {
    const outerThis = { tag: 'outer' };
    let self: unknown;
    function make(this: typeof outerThis) {
      return new Greenlet(() => {
        self = this;
      });
    }
    make.call(outerThis).switch();
    assert.equal(self, outerThis);
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
