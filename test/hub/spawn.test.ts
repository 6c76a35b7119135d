// greenlet-ts/hub: spawn(), join(), kill(), joinAll() and errors nobody joins (issue 5).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { scaled } from '../time-scale';
import { GreenletError, GreenletExit, getcurrent } from 'greenlet-ts';
import { joinAll, sleep, spawn, wait } from 'greenlet-ts/hub';

class Boom extends Error {}

describe('hub: spawn', () => {
  it('starts the function in a new greenlet on a later turn, with the arguments', async () => {
    const main = getcurrent();
    let seen: unknown[] | undefined;
    const g = spawn((a: number, b: string) => {
      seen = [a, b, getcurrent() === g, g.parent === main];
      return a * 2;
    }, 21, 'x');
    assert.equal(seen, undefined, 'nothing runs inside spawn()');
    await Promise.resolve();
    assert.equal(seen, undefined, 'nor in this turn’s microtasks');
    assert.equal(await g.promise, 42);
    assert.deepEqual(seen, [21, 'x', true, true]);
    assert.ok(g.dead);
    assert.equal(g.value, 42);
    assert.equal(g.error, undefined);
  });

  it('join() from a greenlet waits for the result', async () => {
    const worker = spawn(/** @greenlet */ () => {
      sleep(5);
      return 'done';
    });
    const joiner = spawn(/** @greenlet */ () => {
      assert.ok(!worker.dead, 'the worker is still sleeping');
      const v = worker.join();
      assert.ok(worker.dead);
      return `joined ${v}`;
    });
    assert.equal(await joiner.promise, 'joined done');
  });

  it('join() rethrows the error the greenlet died of', async () => {
    const boom = new Boom();
    const worker = spawn(/** @greenlet */ () => {
      sleep(0);
      throw boom;
    });
    const joiner = spawn(/** @greenlet */ () => {
      try {
        worker.join();
      } catch (e) {
        return e;
      }
      return 'no error';
    });
    assert.equal(await joiner.promise, boom);
    assert.equal(worker.error, boom);
    assert.ok(worker.dead);
  });

  it('join() of an unfinished greenlet from main is a GreenletError; of a finished one it returns', async () => {
    const g = spawn(() => 7);
    assert.throws(() => g.join(), (e: unknown) => e instanceof GreenletError && /main greenlet/.test((e as Error).message));
    await g.promise;
    assert.equal(g.join(), 7);
  });

  it('kill() from main throws GreenletExit in at once: finally blocks run, value is the GreenletExit', async () => {
    const log: string[] = [];
    const g = spawn(/** @greenlet */ () => {
      try {
        log.push('sleeping');
        sleep(60_000);
        log.push('woke up');
      } finally {
        log.push('finally');
      }
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['sleeping']);
    g.kill();
    assert.deepEqual(log, ['sleeping', 'finally']);
    assert.ok(g.dead);
    assert.ok(g.value instanceof GreenletExit);
    assert.equal(g.error, undefined);
    assert.ok(g.join() instanceof GreenletExit);
  });

  it('kill() from a greenlet returns once the target has finished', async () => {
    const log: string[] = [];
    const target = spawn(/** @greenlet */ () => {
      try {
        wait(new Promise(() => {}));
      } finally {
        log.push('target finally');
      }
    });
    const killer = spawn(/** @greenlet */ () => {
      sleep(0);
      log.push('killing');
      target.kill();
      log.push(`killed, dead=${target.dead}`);
    });
    await killer.promise;
    assert.deepEqual(log, ['killing', 'target finally', 'killed, dead=true']);
  });

  it('kill() before the greenlet started: it never runs', async () => {
    let ran = false;
    const g = spawn(() => {
      ran = true;
    });
    g.kill();
    assert.ok(g.dead);
    assert.ok(g.value instanceof GreenletExit);
    await new Promise((r) => setImmediate(r));
    assert.equal(ran, false);
  });

  it('a killed greenlet’s pending wake-up is ignored', async () => {
    let resolve!: (v: string) => void;
    const p = new Promise<string>((r) => (resolve = r));
    const after: string[] = [];
    const g = spawn(/** @greenlet */ () => {
      try {
        wait(p);
      } catch (e) {
        after.push((e as Error).name);
        sleep(0);
        after.push('slept');
      }
      return 'caught the exit';
    });
    await new Promise((r) => setImmediate(r));
    g.kill(); // it catches GreenletExit and sleeps: not finished yet
    resolve('late');
    assert.equal(await g.promise, 'caught the exit');
    assert.deepEqual(after, ['GreenletExit', 'slept']);
  });
});

describe('hub: joinAll', () => {
  it('returns the values in the order given', async () => {
    const a = spawn(/** @greenlet */ () => {
      sleep(10);
      return 'a';
    });
    const b = spawn(/** @greenlet */ () => {
      sleep(1);
      return 'b';
    });
    const c = spawn(() => 'c');
    const all = spawn(/** @greenlet */ () => joinAll([a, b, c]));
    assert.deepEqual(await all.promise, ['a', 'b', 'c']);
  });

  it('throws the first error that occurs, without waiting for the rest', async () => {
    const boom = new Boom();
    const slow = spawn(/** @greenlet */ () => {
      sleep(60_000);
      return 'slow';
    });
    const failing = spawn(/** @greenlet */ () => {
      sleep(1);
      throw boom;
    });
    const all = spawn(/** @greenlet */ () => {
      try {
        joinAll([slow, failing]);
        return 'no error';
      } catch (e) {
        return e;
      }
    });
    assert.equal(await all.promise, boom);
    assert.ok(!slow.dead);
    slow.kill();
  });

  it('from main: finished greenlets only', async () => {
    const a = spawn(() => 1);
    assert.throws(() => joinAll([a]), GreenletError);
    await a.promise;
    assert.deepEqual(joinAll([a]), [1]);
  });
});

describe('hub: errors nobody joins', () => {
  /** Runs `body` with this process's 'unhandledRejection' listeners replaced by one that records. */
  async function catchUnhandled(body: () => Promise<void>): Promise<unknown[]> {
    const saved = process.listeners('unhandledRejection');
    const seen: unknown[] = [];
    const record = (e: unknown) => seen.push(e);
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', record);
    try {
      await body();
      await new Promise((r) => setTimeout(r, 10)); // Node reports after the turn's microtasks
    } finally {
      process.removeListener('unhandledRejection', record);
      for (const l of saved) process.on('unhandledRejection', l);
    }
    return seen;
  }

  it('are reported when the only joiner was killed while it waited', async () => {
    const boom = new Boom();
    const seen = await catchUnhandled(async () => {
      const worker = spawn(/** @greenlet */ () => {
        sleep(5);
        throw boom;
      });
      const joiner = spawn(/** @greenlet */ () => worker.join());
      await new Promise((r) => setImmediate(r)); // the joiner waits by now
      joiner.kill();
      while (!worker.dead) await new Promise((r) => setTimeout(r, 1));
    });
    assert.deepEqual(seen, [boom]);
  });

  it('are not reported when a joiner receives them', async () => {
    const boom = new Boom();
    const seen = await catchUnhandled(async () => {
      const worker = spawn(/** @greenlet */ () => {
        sleep(1);
        throw boom;
      });
      const joiner = spawn(/** @greenlet */ () => {
        try {
          worker.join();
        } catch (e) {
          return e;
        }
      });
      assert.equal(await joiner.promise, boom);
    });
    assert.deepEqual(seen, []);
  });

  const root = path.resolve(__dirname, '..', '..', '..');
  function node(script: string) {
    return spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: scaled(20_000) });
  }

  it('are reported like an unhandled rejection: printed, exit code 1', () => {
    const r = node(
      "const { spawn } = require('greenlet-ts/hub');" +
        "spawn(() => { throw new Error('nobody joins me') });" +
        "setTimeout(() => console.log('still running'), 200);",
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /nobody joins me/);
    assert.doesNotMatch(r.stdout, /still running/);
  });

  it('reach process.on("unhandledRejection") with the error itself', () => {
    const r = node(
      "const { spawn } = require('greenlet-ts/hub');" +
        "const boom = new Error('boom');" +
        "process.on('unhandledRejection', (e) => console.log('reported', e === boom));" +
        'spawn(() => { throw boom });',
    );
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'reported true\n');
    assert.equal(r.status, 0);
  });

  it('are not reported when someone joins the greenlet', () => {
    const r = node(
      "const { spawn } = require('greenlet-ts/hub');" +
        "const g = spawn(() => { throw new Error('handled') });" +
        "g.promise.catch((e) => console.log('caught', e.message));",
    );
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'caught handled\n');
    assert.equal(r.status, 0);
  });
});
