// Compiles snippets with the greenlet-ts transformer through the TypeScript API, for tests of
// diagnostics, source maps and emitted code. Files go to a fresh directory under .tmp/ of the
// checkout, so `greenlet-ts` resolves to this package (self-reference) as in the real tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import greenletTransformer from 'greenlet-ts/transformer';

export const root = path.resolve(__dirname, '..', '..', '..');

export interface Diag {
  code: number;
  category: 'error' | 'warning' | 'other';
  file: string;
  line: number; // 1-based
  message: string;
}

export interface Compiled {
  dir: string;
  /** Emitted files by base name (a.js, a.js.map). */
  out: Record<string, string>;
  /** Diagnostics of the greenlet transformer (codes 77xxx). */
  greenlet: Diag[];
  /** Every other diagnostic (type errors). */
  typescript: Diag[];
}

const made: string[] = [];
// Temporary projects are removed when the test process ends.
process.on('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

export function tempDir(prefix: string): string {
  const base = path.join(root, '.tmp');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, prefix));
  made.push(dir);
  return dir;
}

export function compile(files: Record<string, string>, extra: ts.CompilerOptions = {}): Compiled {
  const dir = tempDir('transformer-');
  const names: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    if (name.endsWith('.ts')) names.push(p); // others (package.json) only sit beside them
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    types: [],
    outDir: path.join(dir, 'out'),
    rootDir: dir,
    ...extra,
  };
  const program = ts.createProgram(names, options);
  const added: ts.Diagnostic[] = [];
  const out: Record<string, string> = {};
  const write = (name: string, text: string) => {
    out[path.basename(name)] = text;
    fs.mkdirSync(path.dirname(name), { recursive: true });
    fs.writeFileSync(name, text);
  };
  program.emit(undefined, write, undefined, false, {
    before: [greenletTransformer(program, { warnings: 'diagnostics' }, { ts, addDiagnostic: (d) => added.push(d) })],
  });
  const all = [...ts.getPreEmitDiagnostics(program), ...added].map(toDiag);
  return { dir, out, greenlet: all.filter((d) => d.code >= 77000 && d.code < 78000), typescript: all.filter((d) => d.code < 77000 || d.code >= 78000) };
}

function toDiag(d: ts.Diagnostic): Diag {
  const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
  return {
    code: d.code,
    category: d.category === ts.DiagnosticCategory.Error ? 'error' : d.category === ts.DiagnosticCategory.Warning ? 'warning' : 'other',
    file: d.file ? path.basename(d.file.fileName) : '',
    line,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  };
}

/** Decodes a source map's `mappings` into [generatedLine][] of { col, srcLine, srcCol } (all 0-based). */
export function decodeMappings(mappings: string): { col: number; srcLine: number; srcCol: number }[][] {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines: { col: number; srcLine: number; srcCol: number }[][] = [];
  let srcLine = 0;
  let srcCol = 0;
  let src = 0;
  for (const lineText of mappings.split(';')) {
    const segs: { col: number; srcLine: number; srcCol: number }[] = [];
    let col = 0;
    for (const seg of lineText.split(',')) {
      if (seg === '') continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += values[0]!;
      if (values.length >= 4) {
        src += values[1]!;
        srcLine += values[2]!;
        srcCol += values[3]!;
        segs.push({ col, srcLine, srcCol });
      }
    }
    lines.push(segs);
  }
  return lines;
}
