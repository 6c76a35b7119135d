/**
 * greenlet-ts on Node.js: the one place that chooses Node's backend — native when the addon
 * loads (or GREENLET_BACKEND says which), else cps — and hands it to runtime/. The only module
 * that reaches the native loader.
 */
import { chooseBackend } from '../runtime/backend';
import { useBackend } from '../runtime/greenlet';
import { cps } from '../runtime-fallback/trampoline';
import { loadNative } from '../runtime-native/backend';

export * from '../runtime/index';

const choice = chooseBackend(() => cps, loadNative, (name) => process.env[name]);

/** Which backend runs this thread's greenlets. */
export const backend: 'native' | 'cps' = useBackend(choice.backend).name;

/**
 * Why the native backend is not running on this thread (not built, built for another Node,
 * GREENLET_BACKEND=cps, …); undefined when it is.
 */
export const whyNotNative: string | undefined = choice.whyNotNative;
