#include "stack.h"

#include "platform.h"
#include "thread_state.h"

namespace greenlet {

Stack::Stack(ThreadState* owner) : owner_(owner), stack_size_(0), thread_(pthread_self()) {}

Stack::Stack(ThreadState* owner, v8::Isolate* isolate, v8::Local<v8::Function> entry,
             v8::Local<v8::Context> context, size_t stack_size)
    : owner_(owner), entry_(isolate, entry), context_(isolate, context), stack_size_(stack_size), thread_() {}

Stack::~Stack() {
  if (has_thread_) platform::JoinThread(thread_);
}

std::string Stack::Start() {
  std::string error = platform::StartThread(stack_size_, &Stack::ThreadMain, this, &thread_);
  has_thread_ = error.empty();
  return error;
}

bool Stack::IsCallingThread() const { return pthread_equal(thread_, pthread_self()) != 0; }

void* Stack::ThreadMain(void* self) {
  static_cast<Stack*>(self)->Run();
  return nullptr;
}

void Stack::Run() {
  baton_.Wait();
  if (order_ == Order::kDie) return;  // ended before it ever ran: it touched no JavaScript
  v8::Isolate* isolate = owner_->isolate();
  Stack* next;
  {
    v8::Locker locker(isolate);
    ran_ = true;
    // V8 put this thread's limit ~1 MB below where it took the lock, which may be past the end
    // of a smaller stack: deep recursion must end in RangeError, not in a segfault.
    isolate->SetStackLimit(platform::StackLowEnd(stack_size_) + kStackBuffer);
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handle_scope(isolate);
    v8::Local<v8::Context> context = context_.Get(isolate);
    v8::Local<v8::Function> entry = entry_.Get(isolate);
    // From here on only this call's frames hold them: a Global would keep them forever.
    entry_.Reset();
    context_.Reset();
    v8::Context::Scope context_scope(context);
    v8::TryCatch try_catch(isolate);
    v8::MaybeLocal<v8::Value> result = entry->Call(context, v8::Undefined(isolate), 0, nullptr);
    next = owner_->Finished(this, result, try_catch);
  }
  // The thread ends: drop V8's per-thread record of it, or a million greenlets leave a
  // million records behind. Must happen without the lock, before the isolate can go away.
  isolate->DiscardThreadSpecificMetadata();
  // The final act: `this` is joined and freed by whoever holds the lock next.
  if (next != nullptr) next->baton().Post();
}

}  // namespace greenlet
