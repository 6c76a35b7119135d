/** The native backend: every started greenlet runs on its own thread (see ../shared/DESIGN.md). */
import type { NativeLoad } from '../runtime/backend';

export function loadNative(): NativeLoad {
  return { error: 'the native backend is not built yet' };
}
