// Issue 2 item 3: marked functions imported from another module of the same program.
import { strict as assert } from 'node:assert';
import { drive } from './drive';
import * as lib from './lib';
import marked, { Counter, plain, triple, twice } from './lib';

describe('transformer: marked functions across modules', () => {
  it('named, namespace, default and class-method imports suspend', () => {
    /** @greenlet */
    function run() {
      const c = new Counter();
      return [twice(1), lib.twice(2), triple(3), marked(4), c.step(5), c.step(6), plain(7)];
    }
    const r = drive(run);
    assert.deepEqual(r.paused, [1, 10, 2, 20, 3, 30, 't', 'default 4', 5, 6]);
    assert.deepEqual(r.result, [11, 22, '33t', 'default 4', 5, 11, 8]);
  });
});
