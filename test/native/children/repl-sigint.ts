/**
 * Ctrl-C in the REPL (breakEvalOnSigint: a SIGINT terminates the running command, and the
 * termination is cancelled where the command was evaluated) while the command runs greenlets
 * in a loop that never ends: starting them one after another, bursts of 32 finishing together
 * (more than the native backend keeps idle threads for), and a ping-pong. Each command first
 * starts a shell that sends this process SIGINT 50 ms later, so the signal comes while the loop
 * runs. Prints the REPL's output lines that matter: one "interrupted" error per command, then
 * the result of a greenlet started afterwards.
 */
import * as repl from 'node:repl';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { Greenlet, getcurrent } from 'greenlet-ts';

const input = new PassThrough();
const output = new PassThrough();
let printed = '';
output.on('data', (chunk: Buffer) => {
  printed += chunk.toString();
});
const server = repl.start({ input, output, prompt: '', terminal: false, breakEvalOnSigint: true });
Object.assign(server.context, {
  Greenlet,
  getcurrent,
  interruptSoon: () => spawn('sh', ['-c', `sleep 0.05; kill -INT ${process.pid}`], { stdio: 'ignore' }),
});
const commands = [
  'interruptSoon(); for (;;) new Greenlet(() => {}).switch();',
  'interruptSoon(); for (;;) { const b = Array.from({ length: 32 }, () => new Greenlet(() => getcurrent().parent.switch())); b.forEach((g) => g.switch()); b.forEach((g) => g.switch()); }',
  'interruptSoon(); const g = new Greenlet(() => { for (;;) getcurrent().parent.switch(); }); for (;;) g.switch();',
  'getcurrent().parent === null && new Greenlet((x) => x + 1).switch(41)',
];
let next = 0;
server.on('exit', () => process.exit(1));
// One command at a time: the next once the REPL has answered the last (an error, printed with
// its stack, or the final command's value). Then the first line of each answer.
output.on('data', () => {
  const answers = printed.split('\n').filter((line) => line.startsWith('Uncaught ') || /^(\d+|true|false)$/.test(line));
  if (answers.length === commands.length) {
    process.stdout.write(`${answers.join('\n')}\n`, () => process.exit(0));
  } else if (answers.length === next) {
    input.write(`${commands[next++]}\n`);
  }
});
input.write(`${commands[next++]}\n`);
