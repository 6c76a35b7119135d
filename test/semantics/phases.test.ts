// DESIGN.md "Public API": `dead`, `started` and `active` in every phase of a greenlet's life.
import { strict as assert } from 'node:assert';
import { Greenlet, getcurrent } from 'greenlet-ts';

type Flags = { started: boolean; active: boolean; dead: boolean };
const flags = (g: Greenlet): Flags => ({ started: g.started, active: g.active, dead: g.dead });

const NEW: Flags = { started: false, active: false, dead: false };
const LIVE: Flags = { started: true, active: true, dead: false };
const DEAD: Flags = { started: true, active: false, dead: true };

describe('dead / started / active', () => {
  it('new → running → suspended → running → returned', () => {
    const main = getcurrent();
    const inside: Flags[] = [];
    const g: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        inside.push(flags(g));
        main.switch();
        inside.push(flags(g));
      },
    );
    assert.deepEqual(flags(g), NEW);
    g.switch();
    assert.deepEqual(inside, [LIVE]);
    assert.deepEqual(flags(g), LIVE, 'suspended');
    g.switch();
    assert.deepEqual(inside, [LIVE, LIVE]);
    assert.deepEqual(flags(g), DEAD);
  });

  it('a parent suspended while its child runs is active', () => {
    let seen: Flags | undefined;
    const parent: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        new Greenlet(() => {
          seen = flags(parent);
        }).switch();
      },
    );
    parent.switch();
    assert.deepEqual(seen, LIVE);
    assert.deepEqual(flags(parent), DEAD);
  });

  it('dead after its function throws', () => {
    const g = new Greenlet(() => {
      throw new Error('x');
    });
    assert.throws(() => g.switch());
    assert.deepEqual(flags(g), DEAD);
  });

  it('dead after a GreenletExit ends it', () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ () => {
        main.switch();
      },
    );
    g.switch();
    g.throw();
    assert.deepEqual(flags(g), DEAD);
  });

  it('started and dead after being thrown into before it started', () => {
    const g = new Greenlet(() => {});
    assert.throws(() => g.throw(new Error('x')));
    assert.deepEqual(flags(g), DEAD);
  });

  it('unchanged by a failed switch to a greenlet with no run function', () => {
    const g = new Greenlet();
    assert.throws(() => g.switch());
    assert.deepEqual(flags(g), NEW);
  });
});
