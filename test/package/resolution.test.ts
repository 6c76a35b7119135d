// Every entry point of the package — greenlet-ts, /hub, /protocol, /transformer, /babel —
// resolves, with its types, under every moduleResolution TypeScript offers: node10 (which reads
// `typesVersions`, not `exports`), node16 and nodenext (`exports`, from CommonJS and from an ES
// module), bundler. Each case is a consumer project outside this checkout with greenlet-ts
// linked into its node_modules, as `npm install <path>` leaves it, so what is checked is the
// real package.json, not a path to dist/. The compiled programs are run too: Node resolves the
// same specifiers through `exports`.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** Uses a type from every entry point, so an entry that resolved to nothing (or to `any`) fails strict mode. */
const consumer = (ext: '' | 'm') => `import { Greenlet, backend, type GreenletError } from 'greenlet-ts';
import { spawn, type Spawned } from 'greenlet-ts/hub';
import * as protocol from 'greenlet-ts/protocol';
import greenletTransformer, { type GreenletPluginConfig } from 'greenlet-ts/transformer';
import greenletBabel from 'greenlet-ts/babel';

declare const console: { log(...values: unknown[]): void }; // no DOM or @types/node needed

const which: 'native' | 'cps' = backend;
const g: Greenlet = new Greenlet((x: number) => x + 1);
const spawned: (fn: () => number) => Spawned<number> = spawn;
const config: GreenletPluginConfig = { warnings: 'off' };
const transformer: typeof greenletTransformer = greenletTransformer;
let misuse: GreenletError | undefined;
// @ts-expect-error: a wrong config is a type error only if the transformer's types resolved
const wrong: GreenletPluginConfig = { warnings: 42 };
// (From an ES module a CommonJS module's default import is its exports object; both load.)
console.log('${ext || 'c'}js', which === backend, g.switch(41), typeof spawned, typeof protocol.call,
  transformer !== undefined, greenletBabel !== undefined, config.warnings, misuse, typeof wrong);
`;

interface Case {
  moduleResolution: string;
  module: string;
  /** Files of the project's src/, and whether they run (bundler output is for a bundler). */
  files: Record<string, string>;
  run: string[];
  packageType?: 'module';
}

const cases: Case[] = [
  { moduleResolution: 'node10', module: 'commonjs', files: { 'main.ts': consumer('') }, run: ['main.js'] },
  { moduleResolution: 'node16', module: 'node16', files: { 'main.ts': consumer(''), 'esm.mts': consumer('m') }, run: ['main.js', 'esm.mjs'] },
  { moduleResolution: 'nodenext', module: 'nodenext', files: { 'main.ts': consumer('m') }, run: ['main.js'], packageType: 'module' },
  { moduleResolution: 'bundler', module: 'esnext', files: { 'main.ts': consumer('m') }, run: [] },
];

/** The TypeScript compilers the package claims (see README's table): the package's own, and the oldest. */
const compilers = [
  { name: 'TypeScript 6', dir: path.join(root, 'node_modules', 'typescript') },
  { name: 'TypeScript 5.3', dir: path.join(root, 'node_modules', 'typescript-5.3') },
];

function project(c: Case): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `greenlet-ts-resolution-${c.moduleResolution}-`));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  // What `npm install <path to greenlet-ts>` leaves, and the types the declarations import.
  fs.symlinkSync(root, path.join(modules, 'greenlet-ts'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', 'typescript'), path.join(modules, 'typescript'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules', '@types', 'babel__core'), path.join(modules, '@types', 'babel__core'), 'dir');
  fs.mkdirSync(path.join(dir, 'src'));
  for (const [name, text] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, 'src', name), text);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, ...(c.packageType ? { type: c.packageType } : {}) }));
  return dir;
}

describe('package: entry points under every moduleResolution', function () {
  const made: string[] = [];
  before(function () {
    // Resolution does not depend on the backend: check it once, on cps.
    if (process.env.GREENLET_BACKEND === 'native') this.skip();
  });
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  for (const compiler of compilers) {
    for (const c of cases) {
      it(`${compiler.name}, moduleResolution ${c.moduleResolution} (module ${c.module})`, function () {
        this.timeout(120_000);
        const dir = project(c);
        made.push(dir);
        const version = (JSON.parse(fs.readFileSync(path.join(compiler.dir, 'package.json'), 'utf8')) as { version: string }).version;
        const tsconfig = {
          compilerOptions: {
            target: 'ES2022',
            module: c.module,
            moduleResolution: c.moduleResolution,
            lib: ['ES2022'],
            types: [],
            strict: true,
            skipLibCheck: false,
            rootDir: 'src',
            outDir: 'dist',
            // TypeScript 6 deprecates node10 (TypeScript 7 drops it); projects on it say so.
            ...(c.moduleResolution === 'node10' && Number(version.split('.')[0]) >= 6 ? { ignoreDeprecations: '6.0' } : {}),
          },
          include: ['src'],
        };
        fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
        const tsc = spawnSync(process.execPath, [path.join(compiler.dir, 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
        assert.equal(`${tsc.stdout}${tsc.stderr}`, '', `tsc ${version} -p ${dir}`);
        assert.equal(tsc.status, 0);
        for (const file of c.run) {
          const r = spawnSync(process.execPath, [path.join(dir, 'dist', file)], { cwd: dir, encoding: 'utf8', env: { ...process.env, GREENLET_BACKEND: 'cps' } });
          assert.equal(r.stderr, '', `node dist/${file}`);
          const kind = file.endsWith('.mjs') || c.packageType === 'module' ? 'mjs' : 'cjs';
          assert.equal(r.stdout, `${kind} true 42 function function true true off undefined object\n`);
        }
      });
    }
  }
});
