// DESIGN.md "Semantics": switching and throwing to a greenlet that has already died.
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';

class Boom extends Error {}

function finished(): Greenlet {
  const g = new Greenlet(() => 'finished');
  g.switch();
  assert.ok(g.dead);
  return g;
}

/** A greenlet suspended in `main.switch()`, which returns what it then receives (or 'caught' + the error). */
function suspendedReceiver(): Greenlet {
  const main = getcurrent();
  const g = new Greenlet(
    /** @greenlet */ () => {
      try {
        return ['received', main.switch('suspended')];
      } catch (e) {
        return ['caught', e];
      }
    },
  );
  assert.equal(g.switch(), 'suspended');
  return g;
}

describe('switching to a dead greenlet', () => {
  it('goes to its parent: when that is the current greenlet, the values come back at once', () => {
    const g = finished();
    assert.deepEqual(g.switch(1, 2), [1, 2]);
    assert.equal(g.switch('one'), 'one');
    assert.equal(g.switch(), undefined);
    assert.ok(g.dead);
  });

  it("resumes a suspended parent, whose pending switch returns the values", () => {
    const main = getcurrent();
    let child: Greenlet | undefined;
    const parent = new Greenlet(
      /** @greenlet */ () => {
        child = new Greenlet(() => 'child done');
        const first = child.switch();
        const second = main.switch('parent suspended');
        return [first, second];
      },
    );
    assert.equal(parent.switch(), 'parent suspended');
    assert.ok(child!.dead);
    assert.deepEqual(child!.switch('via', 'dead child'), ['child done', ['via', 'dead child']]);
  });

  it("skips dead ancestors up to the first live one", () => {
    const receiver = suspendedReceiver();
    const g = finished();
    const p = finished();
    p.parent = receiver;
    g.parent = p;
    assert.deepEqual(g.switch('hello'), ['received', 'hello']);
  });

  it('starts the first live ancestor if it never started, with the values as arguments', () => {
    let args: unknown[] | undefined;
    const fresh = new Greenlet((...a: unknown[]) => {
      args = a;
      return 'fresh done';
    });
    const g = finished();
    g.parent = fresh;
    assert.equal(g.switch(1, 2), 'fresh done');
    assert.deepEqual(args, [1, 2]);
  });
});

describe('throw into a dead greenlet', () => {
  it('acts as if it died again: the error is thrown in its parent', () => {
    const boom = new Boom();
    const g = finished();
    assert.throws(
      () => g.throw(boom),
      (e) => e === boom,
    );
    assert.ok(g.dead);
  });

  it('a GreenletExit arrives at the parent as a value', () => {
    const g = finished();
    const exit = new GreenletExit();
    assert.equal(g.throw(exit), exit);
    assert.ok(g.throw() instanceof GreenletExit, 'throw() with no argument sends a GreenletExit');
  });

  it('the error is thrown at a suspended parent\'s suspension point', () => {
    const boom = new Boom();
    const receiver = suspendedReceiver();
    const g = finished();
    g.parent = receiver;
    assert.deepEqual(g.throw(boom), ['caught', boom]);
  });

  it('goes on to the first live ancestor, past dead ones', () => {
    const boom = new Boom();
    const receiver = suspendedReceiver();
    const p = finished();
    const g = finished();
    p.parent = receiver;
    g.parent = p;
    assert.deepEqual(g.throw(boom), ['caught', boom]);
  });

  it('a never-started ancestor is started by a GreenletExit, with no arguments', () => {
    let args: unknown[] | undefined;
    const fresh = new Greenlet((...a: unknown[]) => {
      args = a;
      return 'fresh done';
    });
    const g = finished();
    g.parent = fresh;
    assert.equal(g.throw(new GreenletExit()), 'fresh done');
    assert.deepEqual(args, []);
  });

  it('a never-started ancestor dies of another error without running, and passes it on', () => {
    const boom = new Boom();
    let ran = false;
    const fresh = new Greenlet(() => {
      ran = true;
    });
    const g = finished();
    g.parent = fresh;
    assert.throws(
      () => g.throw(boom),
      (e) => e === boom,
    );
    assert.equal(ran, false);
    assert.ok(fresh.started && fresh.dead);
  });
});
