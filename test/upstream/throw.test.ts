// Ports of python-greenlet's src/greenlet/tests/test_throw.py (class ThrowTests).
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletExit, getcurrent } from 'greenlet-ts';

/** Python's module-level `switch`: hands the values to the current greenlet's parent. */
/** @greenlet */
function toParent(...args: unknown[]): unknown {
  return getcurrent().parent!.switch(...args);
}

class IndexError extends Error {}

describe('upstream test_throw.py: ThrowTests', () => {
  it('test_class (the error is caught by its class at the suspension point)', () => {
    const g = new Greenlet(
      /** @greenlet */ () => {
        try {
          toParent('ok');
        } catch (e) {
          if (e instanceof RangeError) {
            toParent('ok');
            return;
          }
          throw e;
        }
        toParent('fail');
      },
    );
    assert.equal(g.switch(), 'ok');
    assert.equal(g.throw(new RangeError()), 'ok');
  });

  it('test_val (the thrown error arrives with its message)', () => {
    /** @greenlet */
    function f(): void {
      try {
        toParent('ok');
      } catch (e) {
        if (e instanceof RangeError && e.message === 'ciao') {
          toParent('ok');
          return;
        }
      }
      toParent('fail');
    }
    const g = new Greenlet(f);
    assert.equal(g.switch(), 'ok');
    assert.equal(g.throw(new RangeError('ciao')), 'ok');
  });

  it('test_kill', () => {
    const g = new Greenlet(
      /** @greenlet */ () => {
        toParent('ok');
        toParent('fail');
      },
    );
    assert.equal(g.switch(), 'ok');
    // throw() with no argument kills: the GreenletExit comes back to us as a value.
    const res = g.throw();
    assert.ok(res instanceof GreenletExit);
    assert.ok(g.dead);
    // Immediately eaten by the already-dead greenlet.
    assert.ok(g.throw() instanceof GreenletExit);
  });

  it('test_throw_goes_to_original_parent', () => {
    const main = getcurrent();
    /** @greenlet */
    function f1(): string {
      try {
        main.switch('f1 ready to catch');
      } catch (e) {
        if (e instanceof IndexError) return 'caught';
        throw e;
      }
      return 'normal exit';
    }
    /** @greenlet */
    function f2(): void {
      main.switch('from f2');
    }

    // Neither started: g2 dies of the error, g1 (never started) dies of it too, and it reaches us.
    let g1 = new Greenlet(f1);
    let g2 = new Greenlet(f2, g1);
    assert.throws(() => g2.throw(new IndexError()), IndexError);
    assert.ok(g2.dead);
    assert.ok(g1.dead);

    // g1 waiting in its try: the error from the never-started g2 is caught there.
    g1 = new Greenlet(f1);
    g2 = new Greenlet(f2, g1);
    assert.equal(g1.switch(), 'f1 ready to catch');
    assert.equal(g2.throw(new IndexError()), 'caught');
    assert.ok(g2.dead);
    assert.ok(g1.dead);

    // Both suspended in main.switch(): the error leaves g2 for its parent g1, not for us.
    g1 = new Greenlet(f1);
    g2 = new Greenlet(f2, g1);
    assert.equal(g1.switch(), 'f1 ready to catch');
    assert.equal(g2.switch(), 'from f2');
    assert.equal(g2.throw(new IndexError()), 'caught');
    assert.ok(g2.dead);
    assert.ok(g1.dead);
  });
});
