/**
 * The native backend calls arrow and bound run functions without a receiver (so a suspended
 * greenlet's own stack does not keep it reachable); every run function that can see `this`
 * still sees the greenlet, on both backends.
 */
import { strict as assert } from 'node:assert';
import { Greenlet } from 'greenlet-ts';

describe('native: the receiver of run functions', function () {
  it('a function expression and a subclass run method see the greenlet as this', function () {
    const g = new Greenlet(function (this: Greenlet) {
      return this;
    });
    assert.equal(g.switch(), g);
    class Sub extends Greenlet {
      override run(): unknown {
        return this;
      }
    }
    const s = new Sub();
    assert.equal(s.switch(), s);
  });

  it('a bound function sees what it was bound to; a method shorthand sees the greenlet', function () {
    const target = { name: 'bound target' };
    const g = new Greenlet(
      function (this: typeof target) {
        return this;
      }.bind(target),
    );
    assert.equal(g.switch(), target);
    const holder = {
      async() {
        // A method named like the keyword: not mistaken for an async arrow function.
        return this;
      },
    };
    const m = new Greenlet(holder.async);
    assert.equal(m.switch(), m);
  });

  it('an arrow function sees the this of where it was written', function () {
    const outer = this;
    const g = new Greenlet(() => this);
    assert.equal(g.switch(), outer);
  });
});
