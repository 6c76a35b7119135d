/**
 * Temporaries of one twin, declared by one `let` at the top of its body. They are locals of
 * the generator, so each call (and each recursion) has its own.
 */
import type * as TS from 'typescript';
import { ts } from './ts';
import { CALLEE_TEMP, RESULT_TEMP } from './shared';

export class Temps {
  private readonly names: TS.Identifier[] = [];
  private receiver: TS.Identifier | undefined;
  private result: TS.Identifier | undefined;
  private callee: TS.Identifier | undefined;

  constructor(private readonly f: TS.NodeFactory) {}

  /** A temporary for one use site. */
  fresh(base = '_t'): TS.Identifier {
    const id = this.f.createUniqueName(base);
    this.names.push(id);
    return id;
  }

  /**
   * The one temporary holding a method call's receiver: `call((_t = o).m, _t, [args])`. Sharing it
   * is safe because it is read right after it is written, before any argument is evaluated.
   */
  thisTemp(): TS.Identifier {
    return (this.receiver ??= this.fresh('_recv'));
  }

  /**
   * The temporaries of every suspension point: what its call gave (then its callee generator's
   * first step) and its callee (then that generator) (calls.ts `suspension`). Shared, as few registers as possible make a
   * generator cheaper to create: safe because nothing written between a site's write and read
   * (its arguments) emits a site that writes them.
   */
  resultTemp(): TS.Identifier {
    return (this.result ??= this.fresh(RESULT_TEMP));
  }
  calleeTemp(): TS.Identifier {
    return (this.callee ??= this.fresh(CALLEE_TEMP));
  }

  /** `let _t, _u;`, or nothing when no temporary was used. */
  declaration(): TS.Statement | undefined {
    if (this.names.length === 0) return undefined;
    return this.f.createVariableStatement(
      undefined,
      this.f.createVariableDeclarationList(
        this.names.map((n) => this.f.createVariableDeclaration(n)),
        ts.NodeFlags.Let,
      ),
    );
  }
}
