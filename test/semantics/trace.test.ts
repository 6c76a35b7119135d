// DESIGN.md "Semantics", tracing: settrace/gettrace, the events, and errors thrown by the trace function.
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletExit, getcurrent, gettrace, settrace, type TraceFn } from 'greenlet-ts';

class Boom extends Error {}

type Event = [event: string, origin: string, target: string];

/** Names greenlets in recorded events, so that a failure prints readable tuples. */
function namer(named: Record<string, Greenlet>): (g: Greenlet) => string {
  return (g) => Object.keys(named).find((k) => named[k] === g) ?? 'unknown greenlet';
}

/** Records every event, and whether getcurrent() was already the target inside the trace function. */
function record(named: Record<string, Greenlet>): { events: Event[]; currentWasTarget: boolean[] } {
  const name = namer(named);
  const out = { events: [] as Event[], currentWasTarget: [] as boolean[] };
  settrace((event, [origin, target]) => {
    out.events.push([event, name(origin), name(target)]);
    out.currentWasTarget.push(getcurrent() === target);
  });
  return out;
}

describe('settrace / gettrace', () => {
  afterEach(() => settrace(null));

  it('gettrace is null by default; settrace returns the previous function', () => {
    assert.equal(gettrace(), null);
    const a: TraceFn = () => {};
    const b: TraceFn = () => {};
    assert.equal(settrace(a), null);
    assert.equal(gettrace(), a);
    assert.equal(settrace(b), a);
    assert.equal(gettrace(), b);
    assert.equal(settrace(null), b);
    assert.equal(gettrace(), null);
  });

  it('settrace rejects what is not a function or null with TypeError', () => {
    assert.throws(() => settrace('trace' as any), TypeError);
    assert.equal(gettrace(), null);
  });

  it("'switch' for a start, a switch back and a return, with getcurrent() already the target", () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ () => {
        main.switch();
        return 'done';
      },
    );
    const t = record({ main, g });
    g.switch();
    g.switch();
    settrace(null);
    assert.deepEqual(t.events, [
      ['switch', 'main', 'g'],
      ['switch', 'g', 'main'],
      ['switch', 'main', 'g'],
      ['switch', 'g', 'main'],
    ]);
    assert.deepEqual(t.currentWasTarget, [true, true, true, true]);
  });

  it("'switch' between siblings names the origin and the target", () => {
    const main = getcurrent();
    const b = new Greenlet(() => 'b done');
    const a = new Greenlet(
      /** @greenlet */ () => {
        b.switch();
      },
    );
    const t = record({ main, a, b });
    a.switch();
    settrace(null);
    // b's return goes to its parent, main, not back to a.
    assert.deepEqual(t.events, [
      ['switch', 'main', 'a'],
      ['switch', 'a', 'b'],
      ['switch', 'b', 'main'],
    ]);
    assert.ok(a.active);
    a.throw();
  });

  it("'throw' for throw() and for an error leaving a dying greenlet, whose origin is the dying greenlet", () => {
    const main = getcurrent();
    const boom = new Boom();
    const g = new Greenlet(
      /** @greenlet */ () => {
        main.switch();
      },
    );
    g.switch();
    const t = record({ main, g });
    assert.throws(
      () => g.throw(boom),
      (e) => e === boom,
    );
    settrace(null);
    assert.deepEqual(t.events, [
      ['throw', 'main', 'g'],
      ['throw', 'g', 'main'],
    ]);
    assert.deepEqual(t.currentWasTarget, [true, true]);
  });

  it("an error thrown by run: 'throw' from the dying greenlet to its parent", () => {
    const main = getcurrent();
    const g = new Greenlet(() => {
      throw new Boom();
    });
    const t = record({ main, g });
    assert.throws(() => g.switch(), Boom);
    settrace(null);
    assert.deepEqual(t.events, [
      ['switch', 'main', 'g'],
      ['throw', 'g', 'main'],
    ]);
  });

  it("a GreenletExit ending a greenlet is a 'switch' to its parent", () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ () => {
        main.switch();
      },
    );
    g.switch();
    const t = record({ main, g });
    assert.ok(g.throw() instanceof GreenletExit);
    settrace(null);
    assert.deepEqual(t.events, [
      ['throw', 'main', 'g'],
      ['switch', 'g', 'main'],
    ]);
  });
});

describe('tracing greenlets that die without running', () => {
  afterEach(() => settrace(null));

  // DESIGN.md: 'throw' for throw(), and for an error leaving a dying greenlet (origin: the dying
  // one). A never-started greenlet thrown into dies as if its function had thrown, so control
  // passes through it; Python's greenlet reports the same two events.
  it("throw() into a never-started greenlet: 'throw' into it, then 'throw' from it to its parent", () => {
    const main = getcurrent();
    const g = new Greenlet(() => {});
    const t = record({ main, g });
    assert.throws(() => g.throw(new Boom()), Boom);
    settrace(null);
    assert.deepEqual(t.events, [
      ['throw', 'main', 'g'],
      ['throw', 'g', 'main'],
    ]);
    assert.deepEqual(t.currentWasTarget, [true, true]);
  });

  it('the same from inside a greenlet, whose throw() comes back to it: both events, before the error', () => {
    // Control goes out to `g` and back to `p` within p's own throw() call; the event of its return
    // to `p` is made in `p`, before throw() throws, as for a switch from main.
    const main = getcurrent();
    const g = new Greenlet(() => {});
    let seen: Event[] = [];
    const p = new Greenlet(
      /** @greenlet */ () => {
        try {
          g.throw(new Boom());
        } catch (e) {
          seen = t.events.slice();
          return e instanceof Boom;
        }
        return 'no error';
      },
    );
    g.parent = p;
    const t = record({ main, g, p });
    assert.equal(p.switch(), true);
    settrace(null);
    assert.deepEqual(seen, [
      ['switch', 'main', 'p'],
      ['throw', 'p', 'g'],
      ['throw', 'g', 'p'],
    ]);
    assert.deepEqual(t.events, [...seen, ['switch', 'p', 'main']]);
    assert.deepEqual(t.currentWasTarget, [true, true, true, true]);
  });

  it("a GreenletExit into a never-started greenlet: 'throw' into it, then 'switch' to its parent", () => {
    const main = getcurrent();
    const g = new Greenlet(() => {});
    const t = record({ main, g });
    assert.ok(g.throw() instanceof GreenletExit);
    settrace(null);
    assert.deepEqual(t.events, [
      ['throw', 'main', 'g'],
      ['switch', 'g', 'main'],
    ]);
  });

  it('an error passing through never-started parents is traced through each of them', () => {
    const main = getcurrent();
    const p2 = new Greenlet(() => {});
    const p1 = new Greenlet(() => {}, p2);
    const child = new Greenlet(() => {
      throw new Boom();
    }, p1);
    const t = record({ main, p1, p2, child });
    assert.throws(() => child.switch(), Boom);
    settrace(null);
    assert.deepEqual(t.events, [
      ['switch', 'main', 'child'],
      ['throw', 'child', 'p1'],
      ['throw', 'p1', 'p2'],
      ['throw', 'p2', 'main'],
    ]);
    assert.deepEqual(t.currentWasTarget, [true, true, true, true]);
  });
});

describe('an error thrown by the trace function', () => {
  afterEach(() => settrace(null));

  /** A trace function that records events and throws `error` at the first one whose target is `at`. */
  function throwAt(error: unknown, at: Greenlet, named: Record<string, Greenlet>): Event[] {
    const name = namer(named);
    const events: Event[] = [];
    let thrown = false;
    settrace((event, [origin, target]) => {
      events.push([event, name(origin), name(target)]);
      if (!thrown && target === at) {
        thrown = true;
        throw error;
      }
    });
    return events;
  }

  it("is thrown at a suspended target's suspension point instead of delivering the value", () => {
    const main = getcurrent();
    const boom = new Boom();
    const g = new Greenlet(
      /** @greenlet */ () => {
        try {
          return ['received', main.switch()];
        } catch (e) {
          return ['caught', e];
        }
      },
    );
    g.switch();
    throwAt(boom, g, { main, g });
    assert.deepEqual(g.switch('value'), ['caught', boom]);
  });

  it("is thrown out of the main greenlet's pending switch when main is the target", () => {
    const main = getcurrent();
    const boom = new Boom();
    const g = new Greenlet(() => 'returned');
    throwAt(boom, main, { main, g });
    assert.throws(
      () => g.switch(),
      (e) => e === boom,
    );
    assert.ok(g.dead);
    assert.equal(getcurrent(), main);
  });

  it('kills a never-started target before it runs; the error goes to its parent', () => {
    const main = getcurrent();
    const boom = new Boom();
    let ran = false;
    const g = new Greenlet(() => {
      ran = true;
    });
    const events = throwAt(boom, g, { main, g });
    assert.throws(
      () => g.switch(),
      (e) => e === boom,
    );
    assert.equal(ran, false);
    assert.ok(g.started && g.dead);
    assert.deepEqual(events[0], ['switch', 'main', 'g']);
  });

  it('thrown at a never-started greenlet being thrown into: it dies of the trace error instead', () => {
    const main = getcurrent();
    const fromTrace = new Boom('from the trace function');
    const g = new Greenlet(() => {});
    throwAt(fromTrace, g, { main, g });
    assert.throws(
      () => g.throw(new Error('replaced')),
      (e) => e === fromTrace,
    );
    assert.ok(g.started && g.dead);
  });

  // DESIGN.md does not say; Python's greenlet removes a trace function that raised
  // (greenlet/tests/test_tracing.py, test_b_exception_disables_tracing), so we expect that.
  it('removes the trace function, as in Python', () => {
    const main = getcurrent();
    const g = new Greenlet(() => 'returned');
    const events = throwAt(new Boom(), g, { main, g });
    assert.throws(() => g.switch(), Boom);
    assert.equal(gettrace(), null);
    new Greenlet(() => 'untraced').switch();
    assert.deepEqual(events, [['switch', 'main', 'g']]);
  });
});
