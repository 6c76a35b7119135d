/**
 * The TypeScript instance in use. ts-patch hands the transformer the compiler that is running
 * (`extras.ts`); nodes must be made by that instance's factory, so nothing here imports
 * `typescript` at run time. Set once per program by index.ts.
 */
import type * as TS from 'typescript';

export let ts: typeof TS;

export function useTypeScript(instance: typeof TS): void {
  ts = instance;
}
