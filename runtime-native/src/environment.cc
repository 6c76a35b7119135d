#include "environment.h"

namespace greenlet {
namespace environment {

bool Stopping(napi_env env) {
  // Node-API refuses every call that may run JavaScript once the environment cannot run it
  // any more ("napi_pending_exception", or napi_cannot_run_js to modules built for newer
  // versions); that refusal is the one public reading of Node's stopping flag. Comparing a
  // value with itself is the cheapest such call. Outside Node-API callbacks (where this is
  // called) no earlier exception is left pending on `env` to cause the same refusal.
  napi_value undefined;
  if (napi_get_undefined(env, &undefined) != napi_ok) return false;
  bool same = false;
  const napi_status status = napi_strict_equals(env, undefined, undefined, &same);
  return status == napi_pending_exception || status == napi_cannot_run_js;
}

}  // namespace environment
}  // namespace greenlet
