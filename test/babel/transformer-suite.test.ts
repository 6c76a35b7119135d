// The TypeScript transformer's behavioural tests (test/transformer: kinds of marked functions,
// expressions, methods, statements, modules) compiled by greenlet-ts/babel instead of tspc and
// run on the current backend: code built either way must behave the same (issue 7 item 4).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as babel from '@babel/core';

const root = path.resolve(__dirname, '..', '..', '..');
const suite = path.join(root, 'test', 'transformer');
const TESTS = ['functions', 'expressions', 'methods', 'statements', 'modules', 'for-of'];
const HELPERS = ['drive', 'lib'];

describe('babel plugin: the TypeScript transformer tests, built with Babel', () => {
  let dir: string;
  before(function () {
    this.timeout(60_000);
    // Inside the checkout, so `greenlet-ts` resolves to this package as in the real tests.
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
    dir = fs.mkdtempSync(path.join(root, '.tmp', 'babel-transformer-tests-'));
    for (const name of [...TESTS.map((t) => `${t}.test`), ...HELPERS]) {
      const result = babel.transformFileSync(path.join(suite, `${name}.ts`), {
        babelrc: false,
        configFile: false,
        sourceType: 'unambiguous',
        presets: [require.resolve('@babel/preset-typescript')],
        plugins: [require.resolve('greenlet-ts/babel'), require.resolve('@babel/plugin-transform-modules-commonjs')],
      });
      fs.writeFileSync(path.join(dir, `${name}.js`), result!.code!);
    }
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('all pass', function () {
    this.timeout(120_000);
    const mocha = require.resolve('mocha/bin/mocha.js');
    const r = spawnSync(process.execPath, [mocha, '--reporter', 'json', ...TESTS.map((t) => path.join(dir, `${t}.test.js`))], {
      cwd: root,
      encoding: 'utf8',
      env: process.env, // the same GREENLET_BACKEND
    });
    const report = JSON.parse(r.stdout) as { stats: { passes: number; failures: number }; failures: { fullTitle: string; err: { message: string } }[] };
    const failures = report.failures.map((f) => `${f.fullTitle}: ${f.err.message}`);
    assert.deepEqual(failures, []);
    assert.ok(report.stats.passes >= 40, `only ${report.stats.passes} tests ran`);
  });
});
