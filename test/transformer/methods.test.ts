// Issue 2 item 3: object-literal and class methods — instance, static, private, private
// static — keep `this`, `super` and private names in their twins.
import { strict as assert } from 'node:assert';
import { Greenlet } from 'greenlet-ts';
import { drive, pause } from './drive';

describe('transformer: marked methods', () => {
  it('an object-literal method, with this and super', () => {
    const proto = {
      greet(x: string) {
        return `proto ${x}`;
      },
    };
    const obj = {
      __proto__: proto,
      name: 'obj',
      /** @greenlet */
      greet(this: { name: string }, x: string): string {
        return `${this.name}: ${super.greet(pause(x))}`;
      },
    } as unknown as { name: string; greet(x: string): string };
    assert.deepEqual(drive(/** @greenlet */ () => obj.greet('hi')), { paused: ['hi'], result: 'obj: proto hi' });
    // The literal has no trace of the twin.
    assert.deepEqual(Object.keys(obj), ['name', 'greet']);
    assert.deepEqual(Object.getOwnPropertySymbols(obj), []);
  });

  it('marked functions as property values keep their inferred names', () => {
    const k = 3;
    const obj = {
      k,
      /** @greenlet */
      step: (x: number) => pause(x) + k,
      run: /** @greenlet */ function (this: { k: number; step(x: number): number }) {
        return this.step(this.k);
      },
    };
    assert.equal(obj.step.name, 'step');
    assert.equal(obj.run.name, 'run');
    assert.deepEqual(drive(/** @greenlet */ () => obj.run()), { paused: [3], result: 6 });
  });

  it('instance, static, private and private static class methods', () => {
    class Base {
      who() {
        return 'base';
      }
    }
    class Worker extends Base {
      static made = 0;
      #secret = 's';
      constructor(readonly id: number) {
        super();
        Worker.made++;
      }
      /** @greenlet */
      run(x: number): string {
        return `${this.id} ${super.who()} ${this.#step(x)} ${Worker.#tally(pause('run'))}`;
      }
      /** @greenlet */
      #step(x: number): string {
        return `${this.#secret}${pause(x)}`;
      }
      /** @greenlet */
      static #tally(v: unknown): string {
        return `${this.made}${pause(v)}`;
      }
      /** @greenlet */
      static create(id: number): Worker {
        pause(`create ${id}`);
        return new Worker(id);
      }
    }
    const r = drive(/** @greenlet */ () => Worker.create(7).run(3));
    assert.deepEqual(r.paused, ['create 7', 3, 'run', 'run']);
    assert.equal(r.result, '7 base s3 1run');
    // The temporary keys are gone.
    assert.deepEqual(Object.getOwnPropertyNames(Worker.prototype).sort(), ['constructor', 'run']);
    assert.ok(!Object.getOwnPropertyNames(Worker).some((n) => n.includes('greenlet')));
  });

  it('a method a subclass overrides with a marked one suspends through the base class call', () => {
    class Step {
      step(): string {
        return 'plain';
      }
      /** @greenlet */
      run(): string {
        return this.step();
      }
    }
    class Pausing extends Step {
      /** @greenlet */
      override step(): string {
        return pause('step') as string;
      }
    }
    assert.deepEqual(drive(/** @greenlet */ () => new Pausing().run()), { paused: ['step'], result: 'step' });
    assert.deepEqual(drive(/** @greenlet */ () => new Step().run()), { paused: [], result: 'plain' });
  });

  it("a Greenlet subclass's run method and inherited switch", () => {
    class Pinger extends Greenlet {
      /** @greenlet */
      override run(n: number): number {
        const back = this.parent!.switch(`ping ${n}`);
        return back * 2;
      }
    }
    const p = new Pinger();
    assert.equal(p.switch(1), 'ping 1');
    assert.equal(p.switch(21), 42);
    assert.equal(p.dead, true);
    class Relay extends Greenlet {}
    const target = new Relay(/** @greenlet */ (x: number) => x + 1);
    /** @greenlet */
    function viaSubclass() {
      return target.switch(1); // Relay inherits Greenlet#switch: a suspension point
    }
    // target's parent is main (where it was made), so its return value 2 arrives there, and
    // drive sends it back into the suspended viaSubclass.
    assert.deepEqual(drive(viaSubclass), { paused: [2], result: 2 });
  });

  it('a marked arrow in a class field sees the instance', () => {
    class Handler {
      label = 'h';
      /** @greenlet */
      handle = (x: number) => `${this.label}${pause(x)}`;
    }
    const h = new Handler();
    assert.equal(h.handle.name, 'handle');
    assert.deepEqual(drive(h.handle, [4]), { paused: [4], result: 'h4' });
  });
});
