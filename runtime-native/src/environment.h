// What greenlet-ts needs to know of the Node environment (main thread or Worker) it runs in,
// beyond V8: whether Node has begun to stop it.
#ifndef GREENLET_ENVIRONMENT_H_
#define GREENLET_ENVIRONMENT_H_

#include <node_api.h>

namespace greenlet {
namespace environment {

// Whether Node is stopping the environment (worker.terminate(), process.exit() in a Worker,
// teardown), so no more JavaScript may run in it. Unlike V8's termination request, this is
// one flag for the whole environment, set before the request and never cleared. Holding the
// isolate lock, inside a HandleScope.
bool Stopping(napi_env env);

}  // namespace environment
}  // namespace greenlet

#endif  // GREENLET_ENVIRONMENT_H_
