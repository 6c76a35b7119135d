// DESIGN.md: the `backend` export, and what each backend can suspend.
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletError, backend, getcurrent, whyNotNative } from 'greenlet-ts';

// Deliberately left unmarked: a plain function that switches to the caller's parent.
function relayToParent(value: unknown): unknown {
  return getcurrent().parent!.switch(value);
}

/** A greenlet running `body` (marked), returning ['ok', result] or ['error', e]. */
function attempt(body: () => unknown): Greenlet {
  return new Greenlet(
    /** @greenlet */ () => {
      try {
        return ['ok', body()];
      } catch (e) {
        return ['error', e];
      }
    },
  );
}

/** On native the relay suspends and resumes; on cps it is a GreenletError naming `name`. */
function expectRelay(g: Greenlet, name: RegExp, resumedResult: unknown): void {
  const first = g.switch();
  if (backend === 'native') {
    assert.equal(first, 7, 'the unmarked frame switched to main with its value');
    assert.ok(g.active);
    assert.deepEqual(g.switch('back'), ['ok', resumedResult]);
  } else {
    assert.equal(first[0], 'error', 'the switch failed inside the greenlet, which caught the error');
    const e = first[1];
    assert.ok(e instanceof GreenletError, `expected GreenletError, got ${e}`);
    assert.match(e.message, name, 'the message names the function to mark');
    assert.match(e.message, /@greenlet/);
    assert.match(e.message, /native/, 'the message mentions the native backend');
  }
  assert.ok(g.dead);
}

describe('backend', () => {
  it("is 'native' or 'cps', and follows GREENLET_BACKEND when set", () => {
    assert.ok(backend === 'native' || backend === 'cps');
    const env = process.env.GREENLET_BACKEND;
    if (env) assert.equal(backend, env);
  });

  it('whyNotNative: undefined on native, the reason on cps', () => {
    if (backend === 'native') {
      assert.equal(whyNotNative, undefined);
    } else if (process.env.GREENLET_BACKEND === 'cps') {
      assert.equal(whyNotNative, 'GREENLET_BACKEND=cps');
    } else {
      assert.equal(typeof whyNotNative, 'string');
      assert.match(whyNotNative!, /GREENLET_BACKEND=cps|npm rebuild greenlet-ts/, 'it says what to do');
    }
  });

  it('a switch from an unmarked callback inside a greenlet: works on native, GreenletError on cps', () => {
    const g = attempt(
      /** @greenlet */ () => [7].map(relayToParent),
    );
    expectRelay(g, /relayToParent/, ['back']);
  });

  it('a switch from an unmarked function called directly: works on native, GreenletError on cps', () => {
    const g = attempt(
      /** @greenlet */ () => relayToParent(7),
    );
    expectRelay(g, /relayToParent/, 'back');
  });

  it('a switch from a getter: works on native, GreenletError on cps', () => {
    const source = {
      // Unmarked, and an implicit call: a getter cannot be suspended on cps.
      get sevenFromParent(): unknown {
        return getcurrent().parent!.switch(7);
      },
    };
    const g = attempt(
      /** @greenlet */ () => source.sevenFromParent,
    );
    expectRelay(g, /sevenFromParent/, 'back');
  });

  it("a switch from an iterator's next driven by for-of: works on native, GreenletError on cps", () => {
    let done = false;
    const sevens: Iterable<unknown> = {
      [Symbol.iterator]: () => ({
        // Unmarked; for-of calls it implicitly.
        next: function nextSeven(): IteratorResult<unknown> {
          if (done) return { done: true, value: undefined };
          done = true;
          return { done: false, value: getcurrent().parent!.switch(7) };
        },
      }),
    };
    const g = attempt(
      /** @greenlet */ () => {
        const seen: unknown[] = [];
        for (const x of sevens) seen.push(x);
        return seen;
      },
    );
    expectRelay(g, /nextSeven/, ['back']);
  });

  it('a switch from an implicit toString: works on native, GreenletError on cps', () => {
    const shown = {
      toString: function showSeven(): string {
        return String(getcurrent().parent!.switch(7));
      },
    };
    const g = attempt(
      /** @greenlet */ () => `<${shown}>`,
    );
    expectRelay(g, /showSeven/, '<back>');
  });

  it('the main greenlet may switch from anywhere, also from unmarked callbacks', () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ (x: number) => {
        const y = main.switch(x + 1);
        return y * 2;
      },
    );
    assert.deepEqual([1].map((v) => g.switch(v)), [2]);
    assert.deepEqual([5].map((v) => g.switch(v)), [10]);
    assert.ok(g.dead);
  });
});

describe('cps: the frames a greenlet holds', () => {
  it('past 100,000 suspended frames, the switch that went past throws a RangeError when the greenlet runs again', function () {
    // A recursion that switches at every level keeps all its frames; on a real stack (native)
    // it overflows at a depth the thread's stack decides, so this limit is the cps backend's.
    if (backend !== 'cps') this.skip();
    this.timeout(60_000);
    const main = getcurrent();
    /** @greenlet */
    function descend(depth: number): unknown {
      try {
        main.switch(depth);
      } catch (e) {
        return e instanceof RangeError ? `RangeError at depth ${depth}: ${e.message}` : e;
      }
      return descend(depth + 1);
    }
    const g = new Greenlet(descend);
    let got = g.switch(0);
    let last = -1;
    // Each round suspends one frame more: descend(0) is the first, descend(d) the (d + 1)th.
    for (let expected = 1; !g.dead; expected++) {
      assert.equal(got, expected - 1);
      last = got;
      got = g.switch();
    }
    // descend(100000)'s switch took the greenlet to 100,001 frames: it was made (main received
    // 100000), and threw when main switched back.
    assert.equal(last, 100_000);
    assert.equal(got, 'RangeError at depth 100000: Maximum call stack size exceeded (more than 100000 suspended greenlet frames)');
  });
});
