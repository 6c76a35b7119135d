// Ports of python-greenlet's src/greenlet/tests/test_tracing.py (TestGreenletTracing) and of
// the trace-driven reentrancy scripts of test_greenlet.py's TestBrokenGreenlets
// (fail_switch_two_greenlets.py, fail_switch_three_greenlets.py, fail_switch_three_greenlets2.py).
import { strict as assert } from 'node:assert';
import { Greenlet, GreenletError, backend, getcurrent, gettrace, settrace, type TraceFn } from 'greenlet-ts';
import { SomeError } from './support';

/** Runs `body` with `tracer` installed, then puts the previous trace function back. */
function withTrace<T>(tracer: TraceFn, body: () => T): T {
  const old = settrace(tracer);
  try {
    return body();
  } finally {
    settrace(old);
  }
}

/** Python's GreenletTracer: records (event, origin, target), optionally failing on each call. */
function recorder(names: Map<Greenlet, string>, errorOnTrace = false) {
  const actions: string[][] = [];
  const tracer: TraceFn = (event, [origin, target]) => {
    actions.push([event, names.get(origin) ?? '?', names.get(target) ?? '?']);
    if (errorOnTrace) throw new SomeError();
  };
  return { actions, tracer };
}

describe('upstream test_tracing.py: TestGreenletTracing', () => {
  it('test_a_greenlet_tracing', () => {
    const main = getcurrent();
    const g1 = new Greenlet(() => undefined);
    const g2 = new Greenlet(() => {
      throw new SomeError();
    });
    const { actions, tracer } = recorder(
      new Map([
        [main, 'main'],
        [g1, 'g1'],
        [g2, 'g2'],
      ]),
    );
    withTrace(tracer, () => {
      g1.switch();
      assert.throws(() => g2.switch(), SomeError);
    });
    assert.deepEqual(actions, [
      ['switch', 'main', 'g1'],
      ['switch', 'g1', 'main'],
      ['switch', 'main', 'g2'],
      ['throw', 'g2', 'main'],
    ]);
  });

  it('test_b_exception_disables_tracing', () => {
    const main = getcurrent();
    const g = new Greenlet(
      /** @greenlet */ () => {
        main.switch();
      },
    );
    g.switch();
    const { actions, tracer } = recorder(
      new Map([
        [main, 'main'],
        [g, 'g'],
      ]),
      true,
    );
    withTrace(tracer, () => {
      // The trace error is thrown in g, where main.switch() was pending; g dies of it and it
      // reaches us. The failing trace function was removed, so that last transfer is not traced.
      assert.throws(() => g.switch(), SomeError);
      assert.equal(gettrace(), null);
    });
    assert.deepEqual(actions, [['switch', 'main', 'g']]);
    assert.ok(g.dead);
  });

  it('test_set_same_tracer_twice', () => {
    const { tracer } = recorder(new Map());
    const old = settrace(tracer);
    try {
      assert.equal(settrace(tracer), tracer);
      assert.equal(gettrace(), tracer);
    } finally {
      settrace(old);
    }
    assert.equal(gettrace(), old);
  });
});

// These scripts switch greenlets from inside the trace function. As in Python, the trace
// function runs in the greenlet that control went to, so switching there is switching away
// from the target.
describe('upstream test_greenlet.py: TestBrokenGreenlets (trace functions that switch)', () => {
  it('test_reentrant_switch_two_greenlets', () => {
    const out: string[] = [];
    let switchToG2 = false;
    const g1: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        out.push('In g1_run');
        switchToG2 = true;
        // The trace call for this switch runs in main, and switches main to g2.
        getcurrent().parent!.switch();
        out.push('Return to g1_run');
        out.push('Falling off end of g1_run');
      },
    );
    const g2: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        g1.switch();
        out.push('Falling off end of g2');
      },
    );
    const names = new Map([
      [getcurrent(), 'main'],
      [g1, 'g1'],
      [g2, 'g2'],
    ]);
    const tracer: TraceFn = (event, [origin, target]) => {
      const line = `${event} ${names.get(origin)}->${names.get(target)}`;
      out.push(`TRACE ${line}`);
      if (switchToG2) {
        switchToG2 = false;
        g2.switch();
      }
      out.push(`LEAVE TRACE ${line}`);
    };
    withTrace(tracer, () => {
      g1.switch();
      out.push('Falling off end of main');
      g2.switch();
    });
    assert.deepEqual(out, [
      'TRACE switch main->g1',
      'LEAVE TRACE switch main->g1',
      'In g1_run',
      'TRACE switch g1->main',
      'TRACE switch main->g2',
      'LEAVE TRACE switch main->g2',
      'TRACE switch g2->g1',
      'LEAVE TRACE switch g2->g1',
      'Return to g1_run',
      'Falling off end of g1_run',
      'TRACE switch g1->main',
      'LEAVE TRACE switch g1->main',
      'LEAVE TRACE switch g1->main',
      'Falling off end of main',
      'TRACE switch main->g2',
      'LEAVE TRACE switch main->g2',
      'Falling off end of g2',
      'TRACE switch g2->main',
      'LEAVE TRACE switch g2->main',
    ]);
    assert.ok(g1.dead && g2.dead);
  });

  // Python's script ends in a TypeError because g1_run() takes no argument but is given one.
  // JavaScript does not check arity, so this port checks that the run completes in order.
  it('test_reentrant_switch_three_greenlets (JS does not check arity: completes in order)', () => {
    const out: string[] = [];
    let switchToG2 = false;
    const g1: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        out.push('In g1_run');
        switchToG2 = true;
        const fromParent = getcurrent().parent!.switch();
        out.push('Return to g1_run', `From parent ${fromParent}`);
      },
    );
    const g2: Greenlet = new Greenlet(
      /** @greenlet */ () => {
        getcurrent().parent!.switch();
      },
    );
    const tracer: TraceFn = () => {
      if (switchToG2) {
        switchToG2 = false;
        g2.switch(); // in main (g1 -> main), starts g2, which switches straight back
      }
    };
    withTrace(tracer, () => {
      g1.switch(1);
      out.push('Back in main');
      g1.switch(2);
    });
    assert.deepEqual(out, ['In g1_run', 'Back in main', 'Return to g1_run', 'From parent 2']);
    assert.ok(g1.dead && !g2.dead);
  });

  // The trace call for main -> g1 runs in g1 before its function starts, and switches to g2 from
  // there: a switch from an unmarked frame of a greenlet other than main, so native only.
  it(`test_reentrant_switch_three_greenlets2 (the trace function switches inside a greenlet: native only${backend === 'cps' ? '; cps: GreenletError' : ''})`, () => {
    const results: unknown[][] = [];
    let switchToG2 = true;
    const g1: Greenlet = new Greenlet(
      /** @greenlet */ (arg: unknown) => {
        results.push(['g1 arg', arg]);
        const fromParent = getcurrent().parent!.switch('from g1_run');
        results.push(['g1 from parent', fromParent]);
        return 'g1 done';
      },
    );
    const g2: Greenlet = new Greenlet(
      /** @greenlet */ (arg: unknown) => {
        results.push(['g2 arg', arg]);
        const parent = getcurrent().parent!.switch('from g2_run');
        switchToG2 = false;
        results.push(['g2 from parent', parent]);
        return 'g2 done';
      },
    );
    const tracer: TraceFn = (event) => {
      results.push(['trace', event]);
      if (switchToG2) {
        switchToG2 = false;
        g2.switch('g2 from tracefunc');
      }
    };
    if (backend === 'cps') {
      // The trace error is thrown in g1 as it starts: g1 dies of it without running, and it reaches us.
      assert.throws(() => withTrace(tracer, () => g1.switch('g1 from main')), GreenletError);
      assert.ok(g1.dead && !g2.started);
      return;
    }
    withTrace(tracer, () => {
      results.push(['main g1', g1.switch('g1 from main')]);
      results.push(['main g2', g1.switch('g2 from main')]);
      results.push(['main g1.2', g1.switch('g1 from main 2')]);
      results.push(['main g2.2', g2.switch()]);
    });
    assert.deepEqual(results, [
      ['trace', 'switch'],
      ['trace', 'switch'],
      ['g2 arg', 'g2 from tracefunc'],
      ['trace', 'switch'],
      ['main g1', 'from g2_run'],
      ['trace', 'switch'],
      ['g1 arg', 'g1 from main'],
      ['trace', 'switch'],
      ['main g2', 'from g1_run'],
      ['trace', 'switch'],
      ['g1 from parent', 'g1 from main 2'],
      ['trace', 'switch'],
      ['main g1.2', 'g1 done'],
      ['trace', 'switch'],
      ['g2 from parent', undefined],
      ['trace', 'switch'],
      ['main g2.2', 'g2 done'],
    ]);
  });
});
