// The isolate's continuation-preserved embedder data, kept out of V8's slot while the collector
// runs.
//
// V8 (12.x on) keeps one such slot per isolate; Node 24 and later keep AsyncLocalStorage's
// current frame in it (AsyncContextFrame), so after any `als.run()` it usually holds a young
// object. V8's collector visits that slot as part of every thread's roots
// (Isolate::Iterate(RootVisitor*, ThreadLocalTop*)): once for the thread that collects and once
// more for each thread whose state is archived — every suspended greenlet, every idle pooled
// thread. A scavenge that visits a slot twice moves its object twice: the first copy, already
// queued for scanning, is left with a forwarding address where its map should be, and everything
// else that pointed to the object points to that husk. The process then aborts in the scavenger
// ("Stacktrace: ptr0=…", a map that is not one) or reads garbage later (seen: the suite's native
// run died at a hub test on Node 24 and 26; one suspended greenlet, `enterWith`, `snapshot()` and
// a minor GC reproduce it every time). So while the collector runs, the slot holds undefined,
// which never moves, and a global handle — visited exactly once — holds the value.
//
// Left as it is: a collection started from inside another's callbacks runs no callbacks of its
// own (V8's GCCallbacksScope), so it would find the value in the slot; and suspended WebAssembly
// stacks (JSPI) are visited per thread in the same way, which nothing outside V8 can change.
#ifndef GREENLET_CONTINUATION_DATA_H_
#define GREENLET_CONTINUATION_DATA_H_

#include <v8.h>

namespace greenlet {

class ContinuationData {
 public:
  ContinuationData() = default;
  ContinuationData(const ContinuationData&) = delete;
  ContinuationData& operator=(const ContinuationData&) = delete;

  // Before a collection, holding the lock: moves a value out of the slot into the handle.
  void Park(v8::Isolate* isolate);
  // After it: puts the value back. Nothing if nothing was parked.
  void Restore(v8::Isolate* isolate);

 private:
  v8::Global<v8::Data> held_;
};

}  // namespace greenlet

#endif  // GREENLET_CONTINUATION_DATA_H_
