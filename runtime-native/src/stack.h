// One greenlet's machine stack: an OS thread of its own, which runs JavaScript only while
// it holds the isolate's lock (v8::Locker). The main greenlet's stack is the thread the
// Node environment runs on; it has no OS thread of ours.
#ifndef GREENLET_STACK_H_
#define GREENLET_STACK_H_

#include <pthread.h>
#include <v8.h>

#include <cstddef>
#include <list>
#include <memory>
#include <string>

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
  // A greenlet's stack: `entry` runs in `context` on a thread created by Start.
  Stack(ThreadState* owner, v8::Isolate* isolate, v8::Local<v8::Function> entry, v8::Local<v8::Context> context,
        size_t stack_size);
  // Joins the thread, which must have been told to run or die.
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  // Creates the OS thread, parked until the stack is first resumed: "" or why not.
  std::string Start();

  Baton& baton() { return baton_; }
  const Baton& baton() const { return baton_; }
  Order order() const { return order_; }
  void set_order(Order order) { order_ = order; }
  // Its thread has taken the isolate lock: it is now suspended in a switch, or done.
  bool ran() const { return ran_; }
  // Whether the calling OS thread is this stack's.
  bool IsCallingThread() const;

  // Its place in the owner's list of live stacks.
  std::list<std::unique_ptr<Stack>>::iterator where;

 private:
  static void* ThreadMain(void* self);
  void Run();

  ThreadState* const owner_;
  v8::Global<v8::Function> entry_;
  v8::Global<v8::Context> context_;
  const size_t stack_size_;
  pthread_t thread_;
  bool has_thread_ = false;
  // Written before baton_.Post, read after baton_.Wait: the baton orders them.
  Order order_ = Order::kRun;
  bool ran_ = false;
  Baton baton_;
};

}  // namespace greenlet

#endif  // GREENLET_STACK_H_
