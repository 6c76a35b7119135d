// The isolate's lock, released for a scope and taken back at its end.
#ifndef GREENLET_RELEASED_H_
#define GREENLET_RELEASED_H_

#include <v8.h>

namespace greenlet {

// Every hand-off of the isolate goes through this, never through a bare v8::Unlocker.
//
// Taking the lock back restores this thread's archived V8 state (~Unlocker ->
// ThreadManager::RestoreThread), and from V8 13 on that restore can create handles on this
// thread: Debug::RestoreDebug opens a DebugScope, whose stack walk (StackFrameIterator::Reset)
// takes a Handle of the isolate's active wasm continuation when there is one — as there is on
// Node 24 (V8 13.6) once Node has set up. With no HandleScope open on the thread, V8 aborts the
// process ("Cannot create a handle without a HandleScope"). JavaScript-called paths always
// have one (the caller's); a greenlet thread between two greenlets, or the main thread in an
// environment cleanup hook, may not. So the HandleScope is opened here, while the lock is still
// held, and closes after the lock is retaken (members are destroyed in reverse order).
class Released {
 public:
  explicit Released(v8::Isolate* isolate) : handles_(isolate), unlocker_(isolate) {}
  Released(const Released&) = delete;
  Released& operator=(const Released&) = delete;

 private:
  v8::HandleScope handles_;
  v8::Unlocker unlocker_;
};

}  // namespace greenlet

#endif  // GREENLET_RELEASED_H_
