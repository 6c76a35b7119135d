// greenlet-ts/hub: iwait, waitAll, waitAny (gevent.iwait / gevent.wait) (issue 17).
import { strict as assert } from 'node:assert';
import { GreenletError } from 'greenlet-ts';
import { AsyncResult, Event, iwait, sleep, spawn, Timeout, waitAll, waitAny, withTimeout, type Waitable } from 'greenlet-ts/hub';

const turn = () => new Promise((r) => setImmediate(r));

describe('hub: iwait', () => {
  it('yields the objects ready already first, in the given order, then the others as they become ready', async () => {
    // `slow` ends only once `result` has come out (a sleep of its own finished early under load).
    const gate = new Event();
    const slow = spawn(/** @greenlet */ () => (gate.wait(), 'slow'));
    const done = spawn(() => 'done');
    const ev = new Event();
    const result = new AsyncResult<number>();
    const fast = spawn(/** @greenlet */ () => (sleep(2), 'fast'));
    await turn();
    ev.set();
    const objects: Waitable[] = [slow, done, ev, result, fast];
    const g = spawn(/** @greenlet */ () => {
      const order: string[] = [];
      const it = iwait(objects);
      for (let r = it.next(); !r.done; r = it.next()) {
        const o = r.value;
        order.push(o === slow ? 'slow' : o === done ? 'done' : o === ev ? 'event' : o === result ? 'result' : 'fast');
        if (o === fast) result.set(1);
        if (o === result) gate.set();
      }
      return order;
    });
    assert.deepEqual(await g.promise, ['done', 'event', 'fast', 'result', 'slow']);
  });

  it('stops after count objects, or when its time limit passes (no error)', async () => {
    const never = new Event();
    const soon = spawn(/** @greenlet */ () => sleep(1));
    const g = spawn(/** @greenlet */ () => {
      const firstOnly = waitAll([never, soon], { count: 1 });
      const timed: unknown[] = [];
      const it = iwait([never], 5);
      for (let r = it.next(); !r.done; r = it.next()) timed.push(r.value);
      return [firstOnly.length, firstOnly[0] === soon, timed.length];
    });
    assert.deepEqual(await g.promise, [1, true, 0]);
  });

  it('waitAll() returns every object once all are ready; waitAny() the first one, or undefined after ms', async () => {
    const a = spawn(/** @greenlet */ () => (sleep(3), 'a'));
    const b = spawn(() => 'b');
    const never = new Event();
    const g = spawn(/** @greenlet */ () => {
      const any = waitAny([never, a, b]);
      const all = waitAll([a, b]);
      const none = waitAny([never], 2);
      return [any === b, all.length, all[0] === b && all[1] === a, none];
    });
    assert.deepEqual(await g.promise, [true, 2, true, undefined]);
  });

  it('a withTimeout around iwait stops the wait; nothing stays watched after return()', async () => {
    const ev = new Event();
    const g = spawn(/** @greenlet */ () => {
      const it = iwait([ev]);
      try {
        withTimeout(3, /** @greenlet */ () => it.next());
      } catch (e) {
        if (!(e instanceof Timeout)) throw e;
      }
      it.return();
      ev.set(); // nobody is woken
      return it.next().done;
    });
    assert.equal(await g.promise, true);
  });

  it('checks its arguments; on main it throws GreenletError when it would wait', () => {
    assert.throws(() => iwait([{} as Waitable]), TypeError);
    assert.throws(() => iwait([], -1), RangeError);
    assert.throws(() => waitAll([], { count: 1.5 }), RangeError);
    const ev = new Event();
    assert.throws(() => iwait([ev]).next(), GreenletError);
    ev.set();
    assert.equal(waitAny([ev]), ev);
  });
});
