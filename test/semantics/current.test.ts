// DESIGN.md "Semantics": getcurrent() and the main greenlet.
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';

describe('getcurrent', () => {
  it('is the main greenlet at top level, the same object every time', () => {
    const main = getcurrent();
    assert.ok(main instanceof Greenlet);
    assert.equal(getcurrent(), main);
  });

  it('is the running greenlet inside it, at any nesting, and main again afterwards', () => {
    const main = getcurrent();
    const seen: Greenlet[] = [];
    const outer: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        seen.push(getcurrent());
        const inner = new Greenlet(
          /** @greenlet */ () => {
            seen.push(getcurrent());
            main.switch();
            seen.push(getcurrent());
          },
        );
        inner.switch();
        seen.push(getcurrent());
        return inner;
      },
    );
    outer.switch();
    assert.equal(getcurrent(), main, 'main while everything else is suspended');
    assert.equal(seen.length, 2);
    assert.equal(seen[0], outer);
    const inner = seen[1]!;
    assert.notEqual(inner, outer);
    assert.equal(inner.parent, outer);
    assert.equal(inner.switch(), inner, "inner returns to outer, outer returns inner to main");
    assert.deepEqual(seen.slice(2), [inner, outer]);
    assert.equal(getcurrent(), main);
  });

  it("is the greenlet a subclass's run method gets as `this`", () => {
    let same = false;
    class Sub extends Greenlet {
      override run() {
        same = getcurrent() === this;
      }
    }
    new Sub().switch();
    assert.ok(same);
  });
});

describe('the main greenlet', () => {
  it('is started and active, never dead, and has no parent', () => {
    const main = getcurrent();
    assert.equal(main.started, true);
    assert.equal(main.active, true);
    assert.equal(main.dead, false);
    assert.equal(main.parent, null);
  });

  it('stays alive after greenlets return to it, throw to it, or are thrown into', () => {
    const main = getcurrent();
    new Greenlet(() => 1).switch();
    assert.throws(() =>
      new Greenlet(() => {
        throw new Error('x');
      }).switch(),
    );
    new Greenlet(() => 1).throw();
    assert.throws(() => main.throw(new Error('on the spot')));
    assert.ok(main.active && !main.dead && main.started);
    assert.equal(getcurrent(), main);
  });

  it('is seen from inside a greenlet as the end of the parent chain, still active', () => {
    const main = getcurrent();
    const g = new Greenlet(() => [getcurrent().parent, getcurrent().parent!.active, getcurrent().parent!.dead]);
    assert.deepEqual(g.switch(), [main, true, false]);
  });

  it('can be switched to from a greenlet, which then stays suspended', () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ () => {
        const back = main.switch('to main');
        return `got ${back}`;
      },
    );
    assert.equal(g.switch(), 'to main');
    assert.ok(g.active);
    assert.equal(g.switch('x'), 'got x');
  });
});
