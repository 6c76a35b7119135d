#include "stack.h"

#include "platform.h"
#include "released.h"
#include "thread_state.h"

namespace greenlet {

Stack::Stack(ThreadState* owner) : owner_(owner), stack_size_(0), thread_(pthread_self()) {}

Stack::Stack(ThreadState* owner, size_t stack_size) : owner_(owner), stack_size_(stack_size), thread_() {}

Stack::~Stack() {
  if (has_thread_) platform::JoinThread(thread_);
}

std::string Stack::Start() {
  std::string error = platform::StartThread(stack_size_, &Stack::ThreadMain, this, &thread_);
  has_thread_ = error.empty();
  return error;
}

void Stack::Arm(v8::Isolate* isolate, v8::Local<v8::Function> entry, v8::Local<v8::Context> context) {
  entry_.Reset(isolate, entry);
  context_.Reset(isolate, context);
  order_ = Order::kRun;
  ran_ = false;  // the new greenlet has not taken the lock yet (TearDown asks)
}

bool Stack::IsCallingThread() const { return pthread_equal(thread_, pthread_self()) != 0; }

bool Stack::Follow(int cpu, bool* pinned) {
  *pinned = false;
  if (!has_thread_ || cpu_ == cpu) return cpu_ == cpu;
  if (cpu_ == kUnpinnable) return false;
  *pinned = platform::PinThread(thread_, cpu);
  cpu_ = *pinned ? cpu : kUnpinnable;
  return *pinned;
}

void* Stack::ThreadMain(void* self) {
  static_cast<Stack*>(self)->Run();
  return nullptr;
}

void Stack::Run() {
  v8::Isolate* isolate = owner_->isolate();
  baton_.Wait(idle_wait_);
  if (order_ == Order::kDie) return;  // ended before its first greenlet ran: V8 never saw it
  Stack* next = nullptr;
  {
    // Held for the thread's life and only released, never freed, between its greenlets: V8
    // then archives this thread's state with whatever was requested of it meanwhile. A
    // termination that fires while a finishing greenlet hands the isolate over (a vm
    // timeout, Ctrl-C) lands in that state; freed, it would be dropped and the script run
    // on. Archived, it ends the next greenlet this thread runs (and idle threads end only
    // when no script runs: ThreadState::kPoolSize).
    v8::Locker locker(isolate);
    entered_ = true;
    // V8 put this thread's limit ~1 MB below where it took the lock, which may be past the
    // end of a smaller stack: deep recursion must end in RangeError, not in a segfault. V8
    // archives and restores it with the rest of the thread's state.
    isolate->SetStackLimit(platform::StackLowEnd(stack_size_) + kStackBuffer);
    for (;;) {
      bool pooled = false;
      next = RunEntry(isolate, &pooled);
      if (!pooled) break;
      {
        // Idle in the pool, no handle of the finished greenlet left. From this Post on, the
        // lock holder may arm and resume this stack, or end it: nothing of `this` but the
        // baton is touched until Wait returns.
        Released released(isolate);
        next->baton().Post();
        baton_.Wait(idle_wait_);
      }
      if (order_ == Order::kDie) {
        next = owner_->EndedByWake();
        break;
      }
      owner_->Resumed(this);
    }
  }
  // The thread ends: drop V8's per-thread record of it, or a million greenlets leave a million
  // records behind. Must happen without the lock, before the isolate can go away.
  isolate->DiscardThreadSpecificMetadata();
  // The final act: `this` is joined and freed by whoever holds the lock next.
  if (next != nullptr) next->baton().Post();
}

Stack* Stack::RunEntry(v8::Isolate* isolate, bool* pooled) {
  ran_ = true;
  // Entering records this thread's stack start for the collector's stack scan (see
  // ThreadState::BeforeGC): a reused thread enters afresh on every run.
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  v8::Local<v8::Context> context = context_.Get(isolate);
  v8::Local<v8::Function> entry = entry_.Get(isolate);
  // From here on only this call's frames hold them: a Global would keep them forever (or,
  // for a pooled thread, until its next greenlet).
  entry_.Reset();
  context_.Reset();
  v8::Context::Scope context_scope(context);
  v8::TryCatch try_catch(isolate);
  // A greenlet starting while the environment stops ends at once (ThreadState::Stopping).
  if (owner_->Stopping()) isolate->TerminateExecution();
  v8::MaybeLocal<v8::Value> result = entry->Call(context, v8::Undefined(isolate), 0, nullptr);
  return owner_->Finished(this, result, try_catch, pooled);
}

}  // namespace greenlet
