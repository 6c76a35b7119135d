// DESIGN.md "Semantics": g.throw(e) into suspended, never-started and current greenlets.
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';

class Boom extends Error {}

describe('throw into a suspended greenlet', () => {
  it('throws the error at its suspension point, where it can be caught', () => {
    const main = getcurrent();
    const boom = new Boom();
    const seen: unknown[] = [];
    const g = new Greenlet(
      /** @greenlet */ () => {
        // Bounded, so that a broken build fails here instead of spinning.
        for (let i = 0; i < 10; i++) {
          try {
            main.switch('waiting');
          } catch (e) {
            if (e === 'stop') return 'stopped';
            seen.push(e);
          }
        }
        return 'gave up';
      },
    );
    g.switch();
    assert.equal(g.throw(boom), 'waiting');
    assert.equal(g.throw('not an Error'), 'waiting');
    assert.deepEqual(seen, [boom, 'not an Error']);
    assert.ok(g.active);
    assert.equal(g.throw(), 'waiting', 'the GreenletExit is caught too; then it switches back');
    assert.ok(seen[2] instanceof GreenletExit);
    assert.ok(g.active);
    assert.equal(g.throw('stop'), 'stopped');
    assert.ok(g.dead);
  });

  it('uncaught, it kills the greenlet, runs its finally blocks and goes to the parent', () => {
    const main = getcurrent();
    const boom = new Boom();
    const log: string[] = [];
    const g = new Greenlet(
      /** @greenlet */ () => {
        try {
          main.switch();
          log.push('not reached');
        } finally {
          log.push('finally');
        }
      },
    );
    g.switch();
    assert.throws(
      () => g.throw(boom),
      (e) => e === boom,
    );
    assert.deepEqual(log, ['finally']);
    assert.ok(g.dead);
  });

  it("goes to the greenlet's parent, not to the greenlet that threw", () => {
    const main = getcurrent();
    const boom = new Boom();
    let child: Greenlet | undefined;
    const parent = new Greenlet(
      /** @greenlet */ () => {
        child = new Greenlet(
          /** @greenlet */ () => {
            main.switch('child suspended');
          },
        );
        try {
          child.switch();
          return 'no error';
        } catch (e) {
          return e === boom ? 'parent caught boom' : 'parent caught something else';
        }
      },
    );
    assert.equal(parent.switch(), 'child suspended');
    assert.equal(child!.throw(boom), 'parent caught boom');
  });

  it('with no argument throws a new GreenletExit, which the parent then receives as a value', () => {
    const main = getcurrent();
    let inside: unknown;
    const g = new Greenlet(
      /** @greenlet */ () => {
        try {
          main.switch();
        } catch (e) {
          inside = e;
          throw e;
        }
      },
    );
    g.switch();
    const received = g.throw();
    assert.ok(inside instanceof GreenletExit);
    assert.equal(received, inside);
    assert.ok(g.dead);
  });

  it('from inside a greenlet too; an explicit undefined is thrown as undefined', () => {
    const main = getcurrent();
    const caught: unknown[] = [];
    const target = new Greenlet(
      /** @greenlet */ () => {
        for (;;) {
          try {
            main.switch('ready');
          } catch (e) {
            caught.push(e);
          }
        }
      },
    );
    // The throwing greenlet's calls are suspension points of its twin on cps: none and one argument.
    const thrower = new Greenlet(
      /** @greenlet */ () => {
        target.throw();
        target.throw(undefined);
        target.throw('x');
        return 'done';
      },
    );
    assert.equal(target.switch(), 'ready');
    assert.equal(thrower.switch(), 'ready');
    assert.equal(thrower.switch(), 'ready');
    assert.equal(thrower.switch(), 'ready');
    assert.equal(thrower.switch(), 'done');
    assert.equal(caught.length, 3);
    assert.ok(caught[0] instanceof GreenletExit);
    assert.equal(caught[1], undefined);
    assert.equal(caught[2], 'x');
  });
});

describe('throw into a never-started greenlet', () => {
  it('it dies without running (started and dead) and the error goes to its parent', () => {
    const boom = new Boom();
    let ran = false;
    const g = new Greenlet(() => {
      ran = true;
    });
    assert.throws(
      () => g.throw(boom),
      (e) => e === boom,
    );
    assert.equal(ran, false);
    assert.ok(g.started, 'started');
    assert.ok(g.dead, 'dead');
    assert.equal(g.active, false);
  });

  it('the error is thrown at a suspended parent\'s suspension point', () => {
    const main = getcurrent();
    const boom = new Boom();
    const parent = new Greenlet(
      /** @greenlet */ () => {
        try {
          main.switch('parent suspended');
          return 'no error';
        } catch (e) {
          return e === boom ? 'parent caught boom' : 'parent caught something else';
        }
      },
    );
    assert.equal(parent.switch(), 'parent suspended');
    const g = new Greenlet(() => 'never runs', parent);
    assert.equal(g.throw(boom), 'parent caught boom');
    assert.ok(g.started && g.dead);
  });

  it('through a chain of never-started parents, each dying unrun', () => {
    const boom = new Boom();
    const ran: string[] = [];
    const p2 = new Greenlet(() => ran.push('p2'));
    const p1 = new Greenlet(() => ran.push('p1'), p2);
    const g = new Greenlet(() => ran.push('g'), p1);
    assert.throws(
      () => g.throw(boom),
      (e) => e === boom,
    );
    assert.deepEqual(ran, []);
    for (const x of [g, p1, p2]) assert.ok(x.started && x.dead && !x.active);
  });

  it('a GreenletExit arrives at the parent as a value', () => {
    const g = new Greenlet(() => 'never runs');
    const received = g.throw();
    assert.ok(received instanceof GreenletExit);
    assert.ok(g.started && g.dead);
    const exit = new GreenletExit();
    assert.equal(new Greenlet(() => 'never runs').throw(exit), exit);
  });

  it('a GreenletExit starts a never-started parent with no arguments', () => {
    let args: unknown[] | undefined;
    const parent = new Greenlet((...a: unknown[]) => {
      args = a;
      return 'parent ran';
    });
    const g = new Greenlet(() => 'never runs', parent);
    assert.equal(g.throw(), 'parent ran');
    assert.deepEqual(args, []);
  });

  it('it cannot be started afterwards: switching to it goes to its parent', () => {
    let ran = false;
    const g = new Greenlet(() => {
      ran = true;
    });
    g.throw();
    assert.equal(g.switch('x'), 'x');
    assert.equal(ran, false);
  });
});

describe('throw to the current greenlet', () => {
  it('from the main greenlet throws the error on the spot', () => {
    const main = getcurrent();
    const boom = new Boom();
    assert.throws(
      () => main.throw(boom),
      (e) => e === boom,
    );
    assert.throws(
      () => main.throw(),
      (e) => e instanceof GreenletExit,
    );
    assert.equal(getcurrent(), main);
    assert.ok(main.active && !main.dead);
  });

  it('from inside a greenlet throws on the spot, without leaving it', () => {
    const boom = new Boom();
    const g: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        const log: unknown[] = [];
        try {
          g.throw(boom);
          log.push('not reached');
        } catch (e) {
          log.push(e === boom, getcurrent() === g);
        }
        try {
          getcurrent().throw();
        } catch (e) {
          log.push(e instanceof GreenletExit);
        }
        return log;
      },
    );
    assert.deepEqual(g.switch(), [true, true, true]);
  });
});

describe('throw from inside a greenlet', () => {
  it('into its suspended child, a never-started child and a dead child, each answering back to it', () => {
    const boom = new Boom();
    const parent: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        const out: unknown[] = [];
        const parentOfAll = parent;
        const suspended = new Greenlet(
          /** @greenlet */ () => {
            try {
              parentOfAll.switch('child suspended');
            } catch (e) {
              return e === boom ? 'child caught boom' : 'child caught something else';
            }
          },
        );
        out.push(suspended.switch());
        out.push(suspended.throw(boom));
        const fresh = new Greenlet(() => 'never runs');
        try {
          fresh.throw(boom);
        } catch (e) {
          out.push(e === boom ? 'boom came back from the fresh child' : e);
        }
        out.push(fresh.started && fresh.dead);
        out.push(suspended.throw() instanceof GreenletExit);
        return out;
      },
    );
    assert.deepEqual(parent.switch(), [
      'child suspended',
      'child caught boom',
      'boom came back from the fresh child',
      true,
      true,
    ]);
  });
});
