// greenlet-ts/hub: BoundedSemaphore and RLock (gevent.lock) (issue 17).
import { strict as assert } from 'node:assert';
import { BoundedSemaphore, RLock, sleep, spawn } from 'greenlet-ts/hub';

describe('hub: BoundedSemaphore and RLock', () => {
  it('BoundedSemaphore.release() beyond its initial value throws', () => {
    const sem = new BoundedSemaphore(2);
    sem.acquire();
    sem.release();
    assert.throws(() => sem.release(), /released too many times/);
    assert.equal(sem.available, 2);
  });

  it('RLock: the owner may take it again; others wait until as many releases', async () => {
    const lock = new RLock();
    const log: string[] = [];
    const owner = spawn(/** @greenlet */ () => {
      lock.acquire();
      lock.withLock(/** @greenlet */ () => {
        log.push('owner inside twice');
        sleep(3);
      });
      log.push('owner released once');
      sleep(3);
      lock.release();
    });
    const other = spawn(/** @greenlet */ () => {
      sleep(1);
      lock.acquire();
      log.push('other has it');
      lock.release();
    });
    await Promise.all([owner.promise, other.promise]);
    assert.deepEqual(log, ['owner inside twice', 'owner released once', 'other has it']);
    assert.ok(!lock.locked());
  });

  it('RLock.release() by a greenlet that does not hold it throws', async () => {
    const lock = new RLock();
    assert.throws(() => lock.release(), /nobody holds/);
    lock.acquire(); // main holds it
    const g = spawn(() => {
      try {
        lock.release();
      } catch (e) {
        return (e as Error).message;
      }
    });
    assert.match((await g.promise) as string, /does not hold it/);
    lock.release();
    assert.ok(!lock.locked());
  });
});
