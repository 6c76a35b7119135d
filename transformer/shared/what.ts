/**
 * How diagnostics name the thing a misplaced `@greenlet` sits on (the `{0}` of `notAFunction`),
 * so both transformers word it alike (transformer/marks.ts and members.ts use it too). No
 * dependency on `typescript`.
 */
export const what = {
  declaration: (name: string | undefined) => (name !== undefined ? `'${name}'` : 'this declaration'),
  shorthandProperty: (name: string) => `the shorthand property '${name}'`,
  class: (name: string | undefined) => `the class${name !== undefined ? ` '${name}'` : ''}`,
  interface: (name: string) => `the interface '${name}'`,
  type: (name: string) => `the type '${name}'`,
  enum: (name: string) => `the enum '${name}'`,
  namespace: () => 'a namespace',
  defaultExport: () => 'this default export',
  statement: () => 'this statement',
  computedMethod: () => 'a method with a computed name (its twin cannot be found again)',
} as const;
