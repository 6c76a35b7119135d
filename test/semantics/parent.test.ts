// DESIGN.md "Public API" and "Semantics": the writable `parent`.
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletError, getcurrent, greenlet } from 'greenlet-ts';

describe('parent', () => {
  it('defaults to the current greenlet; the constructor argument overrides it', () => {
    const main = getcurrent();
    const a = new Greenlet(() => {});
    assert.equal(a.parent, main);
    const b = new Greenlet(() => {}, a);
    assert.equal(b.parent, a);
    assert.equal(greenlet(() => {}, b).parent, b);
  });

  it('can be reassigned, and the return then goes to the new parent', () => {
    const main = getcurrent();
    const log: unknown[] = [];
    const adopter = new Greenlet(
      /** @greenlet */ () => {
        log.push(main.switch('adopter suspended'));
        return 'adopter done';
      },
    );
    assert.equal(adopter.switch(), 'adopter suspended');
    const g = new Greenlet(() => 'g result');
    g.parent = adopter;
    assert.equal(g.parent, adopter);
    assert.equal(g.switch(), 'adopter done');
    assert.deepEqual(log, ['g result']);
  });

  it('can be reassigned while the greenlet is suspended', () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ () => {
        main.switch('suspended');
        return 'g result';
      },
    );
    g.switch();
    let got: unknown;
    const adopter = new Greenlet((x: unknown) => {
      got = x;
      return 'adopter done';
    });
    g.parent = adopter;
    assert.equal(g.switch(), 'adopter done');
    assert.equal(got, 'g result');
  });

  it('a greenlet cannot be its own parent', () => {
    const g = new Greenlet(() => {});
    const before = g.parent;
    assert.throws(() => {
      g.parent = g;
    }, GreenletError);
    assert.equal(g.parent, before);
  });

  it('a cycle through several greenlets throws GreenletError and leaves parent unchanged', () => {
    const a = new Greenlet(() => {});
    const b = new Greenlet(() => {}, a);
    const c = new Greenlet(() => {}, b);
    assert.throws(() => {
      a.parent = c;
    }, GreenletError);
    assert.equal(a.parent, getcurrent());
    assert.throws(() => {
      a.parent = b;
    }, GreenletError);
    // A chain without a cycle is fine.
    const d = new Greenlet(() => {});
    d.parent = c;
    assert.equal(d.parent, c);
  });

  it('a greenlet that is not a Greenlet throws TypeError', () => {
    const g = new Greenlet(() => {});
    const before = g.parent;
    for (const bad of [{}, 42, 'main', null, undefined, () => {}]) {
      assert.throws(
        () => {
          g.parent = bad as any;
        },
        TypeError,
        `parent = ${String(bad)}`,
      );
    }
    assert.equal(g.parent, before);
  });

  it('a non-Greenlet parent given to the constructor throws TypeError', () => {
    assert.throws(() => new Greenlet(() => {}, {} as any), TypeError);
  });

  it('the main greenlet has no parent, and cannot be given one', () => {
    const main = getcurrent();
    assert.equal(main.parent, null);
    const g = new Greenlet(() => {});
    assert.throws(() => {
      main.parent = g;
    }, GreenletError);
    assert.equal(main.parent, null);
  });

  it('every chain of parents ends at the main greenlet', () => {
    const main = getcurrent();
    let top: Greenlet | undefined;
    const outer = new Greenlet(
      /** @greenlet */ () => {
        const inner = new Greenlet(() => {
          let p = getcurrent();
          while (p.parent !== null) p = p.parent;
          top = p;
        });
        inner.switch();
      },
    );
    outer.switch();
    assert.equal(top, main);
  });
});
