// greenlet-ts/hub: Event (issue 5).
import { strict as assert } from 'node:assert';
import { GreenletError } from 'greenlet-ts';
import { Event, sleep, spawn } from 'greenlet-ts/hub';

describe('hub: Event', () => {
  it('set(), clear() and isSet() change and tell the flag', () => {
    const e = new Event();
    assert.equal(e.isSet(), false);
    e.set();
    assert.equal(e.isSet(), true);
    e.clear();
    assert.equal(e.isSet(), false);
  });

  it('wait() suspends until set(), and wakes every waiter', async () => {
    const e = new Event();
    const log: string[] = [];
    const waiter = /** @greenlet */ (name: string) => {
      log.push(`${name} waits`);
      e.wait();
      log.push(`${name} woke`);
    };
    const a = spawn(waiter, 'a');
    const b = spawn(waiter, 'b');
    const setter = spawn(/** @greenlet */ () => {
      sleep(2);
      log.push('set');
      e.set();
    });
    await Promise.all([a.promise, b.promise, setter.promise]);
    assert.deepEqual(log, ['a waits', 'b waits', 'set', 'a woke', 'b woke']);
  });

  it('wait() returns at once when the flag is set, on main too', async () => {
    const e = new Event();
    e.set();
    assert.equal(e.wait(), true);
    const g = spawn(/** @greenlet */ () => e.wait());
    assert.equal(await g.promise, true);
  });

  it('waiters woken by set() run even if clear() comes before their turn', async () => {
    const e = new Event();
    const g = spawn(/** @greenlet */ () => e.wait());
    await new Promise((r) => setImmediate(r));
    e.set();
    e.clear();
    assert.equal(await g.promise, true);
  });

  it('greenlets killed while waiting are dropped; the ones still waiting are woken', async () => {
    const e = new Event();
    const log: string[] = [];
    const waiter = /** @greenlet */ (i: number) => {
      e.wait();
      log.push(`woke ${i}`);
    };
    const early = spawn(waiter, 0);
    const killed = Array.from({ length: 200 }, (_, i) => spawn(waiter, i + 1));
    await new Promise((r) => setImmediate(r)); // all wait by now
    for (const g of killed) g.kill();
    const late = spawn(waiter, 201); // its wait finds a list of 200 ended waits to clear
    await new Promise((r) => setImmediate(r));
    e.set();
    await Promise.all([early.promise, late.promise]);
    assert.deepEqual(log, ['woke 0', 'woke 201']);
  });

  it('wait() on an unset event from the main greenlet is a GreenletError', () => {
    assert.throws(() => new Event().wait(), GreenletError);
  });
});
