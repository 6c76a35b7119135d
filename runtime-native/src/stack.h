// One greenlet's machine stack: an OS thread of its own, which runs JavaScript only while
// it holds the isolate's lock (v8::Locker). The main greenlet's stack is the thread the
// Node environment runs on; it has no OS thread of ours. When a greenlet finishes, its
// thread may wait in its ThreadState's pool of idle stacks and be armed with the entry of
// the next greenlet to start, which saves creating (and joining) a thread per greenlet.
#ifndef GREENLET_STACK_H_
#define GREENLET_STACK_H_

#include <pthread.h>
#include <v8.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "baton.h"

namespace greenlet {

class ThreadState;

class Stack {
 public:
  // What a stack does when it is next resumed.
  enum class Order { kRun, kDie };

  // V8 needs room below its stack limit for the native code that builds a RangeError; Node
  // leaves the same for its Workers.
  static constexpr size_t kStackBuffer = 192 * 1024;
  static constexpr size_t kMinStackSize = 512 * 1024;

  // The main greenlet's stack: the environment's own thread.
  explicit Stack(ThreadState* owner);
  // A greenlet's stack, on a thread created by Start; Arm gives it what to run.
  Stack(ThreadState* owner, size_t stack_size);
  // Joins the thread, which must have been told to run or die.
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  // Creates the OS thread, parked until the stack is first resumed: "" or why not.
  std::string Start();
  // Holding the lock, before the stack is resumed: `entry` runs in `context` on its thread,
  // which is new or idle in the pool. Its thread's Wait orders these writes before its reads.
  void Arm(v8::Isolate* isolate, v8::Local<v8::Function> entry, v8::Local<v8::Context> context);

  Baton& baton() { return baton_; }
  const Baton& baton() const { return baton_; }
  Order order() const { return order_; }
  void set_order(Order order) { order_ = order; }
  // Its thread has taken the isolate lock for its current greenlet: that greenlet is now
  // suspended in a switch, or done.
  bool ran() const { return ran_; }
  // Its thread holds V8's Locker for life (it has run a greenlet): to end, it must take the
  // lock again, even while idle or before its next greenlet runs (see Run).
  bool entered() const { return entered_; }
  // Whether the calling OS thread is this stack's.
  bool IsCallingThread() const;

  // Keeps this stack's thread on `cpu` (see ThreadState::SwitchTo): pins it there unless it
  // already is; whether it now runs there only. The main stack's thread is not ours to pin:
  // whether it last switched away on `cpu`. Sets *pinned when it pinned the thread now.
  bool Follow(int cpu, bool* pinned);
  // The main stack: it switches away on `cpu`.
  void NoteCpu(int cpu) { cpu_ = cpu; }
  // The event-loop turn (ThreadState::turn) in which it last handed the isolate over.
  uint64_t turn() const { return turn_; }
  void set_turn(uint64_t turn) { turn_ = turn; }
  // How its thread waits to run its next greenlet, once its greenlet has finished.
  void set_idle_wait(Baton::Mode mode) { idle_wait_ = mode; }
  // Its greenlet's record on the JavaScript side (spawn()'s second argument), kept until that
  // greenlet ends; the one of a greenlet ended by termination is reported (ThreadState::Finished).
  void set_record(v8::Isolate* isolate, v8::Local<v8::Value> record) { record_.Reset(isolate, record); }
  v8::Global<v8::Value> TakeRecord() { return std::move(record_); }
  void ClearRecord() { record_.Reset(); }

  // Its place in the owner's list of live stacks.
  std::list<std::unique_ptr<Stack>>::iterator where;

 private:
  static void* ThreadMain(void* self);
  void Run();
  // Runs one greenlet's entry, holding the lock: the stack to hand over to, and in *pooled
  // whether this thread stays (idle in the pool) rather than ends.
  Stack* RunEntry(v8::Isolate* isolate, bool* pooled);

  ThreadState* const owner_;
  v8::Global<v8::Function> entry_;
  v8::Global<v8::Context> context_;
  v8::Global<v8::Value> record_;
  const size_t stack_size_;
  // Written in Start by the lock holder, read only by later lock holders (never by the thread).
  pthread_t thread_;
  bool has_thread_ = false;
  // The CPU its thread is pinned to (the main stack: it last switched away on); kNoCpu, or
  // kUnpinnable once the system refused.
  static constexpr int kNoCpu = -1;
  static constexpr int kUnpinnable = -2;
  int cpu_ = kNoCpu;
  Baton::Mode idle_wait_ = Baton::Mode::kSpin;
  // None of these is atomic. The lock holder writes order_ (and ran_, through Arm) before it
  // posts baton_, and this thread reads them after its Wait: ordered by Post's release and the
  // acquire in Wait that sees it — the only order there is when Run reads order_ before its
  // first Locker; everywhere else the reader has also retaken the isolate lock, a mutex.
  Order order_ = Order::kRun;
  bool ran_ = false;
  // Written by its thread holding the lock, read by the lock holder: the lock orders them.
  bool entered_ = false;
  uint64_t turn_ = 0;
  Baton baton_;
};

}  // namespace greenlet

#endif  // GREENLET_STACK_H_
