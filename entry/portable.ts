/**
 * greenlet-ts everywhere but Node.js (browsers, Deno, Bun, edge workers): the cps backend, chosen
 * here and handed to runtime/. Nothing it imports needs a Node built-in, and the native addon is
 * never loaded: it is built against Node's V8 (Bun, on JavaScriptCore, dies loading it).
 */
import { chooseBackend } from '../runtime/backend';
import { useBackend } from '../runtime/greenlet';
import { cps } from '../runtime-fallback/trampoline';

export * from '../runtime/index';

interface Host {
  Bun?: { version: string };
  Deno?: {
    version: { deno: string };
    env: { get(name: string): string | undefined };
    permissions: { querySync?(d: { name: 'env'; variable: string }): { state: string } };
  };
  process?: { env?: Record<string, string | undefined> };
  document?: unknown;
}
const host = globalThis as Host;

/** The environment variable, where the runtime has an environment we may read without asking. */
function getEnv(name: string): string | undefined {
  const deno = host.Deno;
  if (deno !== undefined) {
    // Without --allow-env reading would throw, or prompt on a terminal: only read when granted.
    return deno.permissions.querySync?.({ name: 'env', variable: name }).state === 'granted' ? deno.env.get(name) : undefined;
  }
  return host.process?.env?.[name];
}

function runtimeName(): string {
  if (host.Bun !== undefined) return `Bun ${host.Bun.version}, which runs JavaScriptCore`;
  if (host.Deno !== undefined) return `Deno ${host.Deno.version.deno}`;
  if (host.document !== undefined) return 'a browser';
  return 'a JavaScript runtime other than Node.js';
}

const choice = chooseBackend(
  () => cps,
  () => ({
    error:
      `this is ${runtimeName()}, and the addon is built for Node.js's V8 (greenlet-ts loads it only on Node.js). ` +
      'Leave GREENLET_BACKEND unset or set it to cps: the cps backend runs here',
  }),
  getEnv,
);

/** Which backend runs this thread's greenlets: always cps here. */
export const backend: 'native' | 'cps' = useBackend(choice.backend).name;

/** Why the native backend is not running: this is not Node.js (or GREENLET_BACKEND=cps). */
export const whyNotNative: string | undefined = choice.whyNotNative;
