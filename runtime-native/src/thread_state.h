// Per-environment state (Node's main thread, or one Worker): the registry of greenlet
// stacks, which one holds the isolate, and switching between them. Only the thread holding
// the isolate lock touches it, so the lock guards it: V8's Locker is a mutex, and whatever a
// thread wrote before letting go of it (v8::Unlocker, or the end of a Locker) is visible to the
// next thread that takes it, on arm64 as on x86_64. So none of the flags and lists below (the
// pool, the termination flags, the counts) is atomic. A switch lets go of the lock before it
// posts the target's baton (Baton orders what the target reads before it retakes the lock).
#ifndef GREENLET_THREAD_STATE_H_
#define GREENLET_THREAD_STATE_H_

#include <node_api.h>
#include <v8.h>

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "continuation_data.h"
#include "stack.h"

namespace greenlet {

class ThreadState {
 public:
  // Default stack size of a greenlet thread: the 984 KiB of JavaScript stack V8 gives the
  // main thread by default, plus Stack::kStackBuffer for native code (see README).
  static constexpr size_t kDefaultStackSize = (984 + 192) * 1024;
  // Most idle threads kept for greenlets yet to start. Bounded because an idle thread belongs
  // to no greenlet: it costs its mappings and touched stack pages, and every one is a stack
  // for the collector's records, for nothing. More finishing at once wait too, but only until
  // the event loop next runs (Trim): no thread of a greenlet that finished normally ends while
  // JavaScript runs, since a termination requested then (a vm timeout, Ctrl-C) may be kept
  // with that thread's V8 state, and would be dropped with it (see Stack::Run).
  static constexpr size_t kPoolSize = 16;

  // Called on the environment's thread.
  ThreadState(v8::Isolate* isolate, napi_env env);
  ~ThreadState();
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;

  v8::Isolate* isolate() const { return isolate_; }
  Stack* main_stack() { return &main_; }
  Stack* current() const { return current_; }
  size_t stack_size() const { return stack_size_; }
  void set_stack_size(size_t size) { stack_size_ = size; }
  // Whether switches keep both threads on one CPU (see SwitchTo); on by default.
  void set_colocate(bool on) { colocate_ = on; }
  bool colocate() const { return colocate_; }
  size_t live_count() const { return live_.size(); }
  size_t finished_count() const { return finished_.size(); }
  size_t pooled_count() const { return idle_.size(); }
  bool tearing_down() const { return tearing_down_; }
  // Waits of all stacks so far that ended while spinning / after parking.
  uint64_t spun() const;
  uint64_t parked() const;
  // Times a greenlet thread was pinned to another CPU to follow a switch.
  uint64_t pins() const { return pins_; }

  // Makes the stack of a starting greenlet, its thread parked until resumed: an idle one from
  // the pool, else a new thread. Returns "" and sets *out, or says why no thread could be
  // created.
  std::string Spawn(v8::Local<v8::Function> entry, v8::Local<v8::Context> context, Stack** out);

  // Hands the isolate to `target` and waits until the calling stack is resumed. Afterwards
  // the caller may have to unwind: termination is requested, or an exception is scheduled.
  //
  // The two threads of a switch run on one CPU when they can: before handing over, the
  // switching thread pins the target's thread to its own CPU, and then yields that CPU while
  // it waits. Only one of them runs JavaScript at a time, so the pair never needs two CPUs;
  // on one, the isolate's state that V8 archives and restores at every hand-off stays in that
  // CPU's cache, and the waiting thread burns no second CPU. Measured on a 2-CPU VM, in
  // alternating runs: 1.2–1.9 µs per switch, against 1.9–2.5 µs with the two threads on two
  // CPUs. The main greenlet's thread is Node's and is never pinned; the greenlet threads follow
  // it to whichever CPU it switches from (one affinity call when it has moved).
  void SwitchTo(Stack* target);

  // On a greenlet's thread, holding the lock, when its entry call is over: returns the
  // stack to hand the isolate to (the one the entry returned, else the main stack), or
  // nullptr during teardown when other ending greenlets are queued for the lock. Sets
  // *pooled when the thread is to wait in the pool rather than end.
  Stack* Finished(Stack* self, v8::MaybeLocal<v8::Value> result, const v8::TryCatch& try_catch, bool* pooled);

  // Called on the main stack with the records of greenlets whose JavaScript was terminated
  // (see Finished), before the main greenlet goes on terminating.
  void set_on_terminated(v8::Local<v8::Function> fn) { on_terminated_.Reset(isolate_, fn); }

  // On a stack's thread that has just taken the lock back (a switch's waiter, an idle thread
  // given its next greenlet): drops a termination left over from before the event loop's
  // last turn.
  void Resumed(Stack* self);
  uint64_t turn() const { return turn_; }

  // Holding the lock, on the thread of a stack woken by Wake that now ends (a suspended
  // greenlet's, from Finished; an idle one's, or in teardown one armed for a greenlet that
  // never ran, from Stack::Run): the stack to hand the isolate back to, or nullptr.
  Stack* EndedByWake();

  // Holding the lock, on whichever thread just took it (a switch's target, a starting
  // greenlet): whether Node is stopping this environment, in which case that thread's
  // JavaScript must be terminated. See the definition for why V8's own request is not enough.
  bool Stopping() const;

  // Environment cleanup: ends every suspended greenlet and every idle thread and joins them,
  // so the isolate can be disposed. Their JavaScript is terminated (finally blocks do not run).
  void TearDown();

 private:
  void Retire(Stack* stack);
  // Moves a finished greenlet's stack to the pool if there is room, or a trim to make room
  // is scheduled: whether it did.
  bool Pool(Stack* stack);
  // Asks for OnTurn at the event loop's next turn, unless asked already: whether it is asked.
  bool AwaitTurn();
  // On the main stack, from the event loop: counts the turn, and trims the pool.
  static void OnTurn(napi_env env, napi_value callback, void* context, void* data);
  // On the main stack, from the event loop: ends idle threads beyond kPoolSize.
  void Trim();
  // Moves all idle stacks but the `keep` most recently pooled to the finished ones, told to
  // die, and adds them to *dying for Wake.
  void EndIdle(size_t keep, std::vector<Stack*>* dying);
  // On the main stack, holding the lock: wakes stacks told to die, and waits until all have
  // ended (the last hands back).
  void Wake(const std::vector<Stack*>& dying);
  void Account(const Stack& stack);
  // Before every collection: tells the collector which thread's stack it runs on, and parks
  // the continuation data (continuation_data.h). After it: puts that back.
  static void BeforeGC(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data);
  static void AfterGC(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data);
  void ReapFinished();
  // Tells JavaScript which greenlets' JavaScript was terminated (on_terminated_).
  void ReportTerminated();
  // Before `from` hands the isolate to `to`: keeps `to` on this CPU when colocating; how
  // `from` is then to wait for its turn.
  Baton::Mode Colocate(Stack* from, Stack* to);

  v8::Isolate* const isolate_;
  const napi_env env_;
  Stack main_;
  Stack* current_;
  size_t stack_size_ = kDefaultStackSize;
  bool colocate_ = true;
  // Only one CPU to run on (a taskset, a cpuset): a waiter spinning there only keeps the
  // thread it waits for from running, so waits yield at once, colocated or not.
  const bool one_cpu_;
  uint64_t pins_ = 0;
  // Started or starting greenlet stacks, and stacks whose threads are ending (to be joined).
  std::list<std::unique_ptr<Stack>> live_;
  std::vector<std::unique_ptr<Stack>> finished_;
  // Threads of finished greenlets waiting for the next greenlet to start (last in, first out:
  // the last one is likely still spinning, so it wakes fastest).
  std::vector<std::unique_ptr<Stack>> idle_;
  // Waits of stacks already retired.
  uint64_t retired_spun_ = 0;
  uint64_t retired_parked_ = 0;
  bool tearing_down_ = false;
  // Stacks woken by Wake that have not ended yet.
  size_t dying_ = 0;
  // Calls OnTurn from the event loop (nullptr if it could not be made); one call at a time.
  napi_threadsafe_function turn_call_ = nullptr;
  bool turn_pending_ = false;
  // Turns of the event loop seen by OnTurn: a stack that handed over in an earlier one than
  // the current may hold a stale termination (Resumed). Asked for whenever a stack hands over.
  uint64_t turn_ = 0;
  // An empty function, and its context: calling it runs V8's check for a termination.
  v8::Global<v8::Function> probe_;
  v8::Global<v8::Context> probe_context_;
  bool torn_down_ = false;
  // A greenlet's JavaScript was terminated outside teardown (worker.terminate(), process.exit()
  // in a Worker): the main stack must go on terminating when it is resumed.
  bool termination_pending_ = false;
  // An exception escaped a greenlet's entry wrapper: rethrown on the main stack.
  v8::Global<v8::Value> escaped_;
  // Records of greenlets whose JavaScript was terminated, not yet reported, and to whom.
  std::vector<v8::Global<v8::Value>> terminated_;
  v8::Global<v8::Function> on_terminated_;
  // Held while a collection runs (BeforeGC to AfterGC).
  ContinuationData continuation_;
};

}  // namespace greenlet

#endif  // GREENLET_THREAD_STATE_H_
