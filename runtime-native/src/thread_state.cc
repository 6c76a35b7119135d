#include "thread_state.h"

#include "environment.h"
#include "platform.h"
#include "released.h"
#include "v8_api.h"

#include <utility>

namespace greenlet {

ThreadState::ThreadState(v8::Isolate* isolate, napi_env env)
    : isolate_(isolate), env_(env), main_(this), current_(&main_), one_cpu_(platform::UsableCpus() == 1) {
  isolate_->AddGCPrologueCallback(&ThreadState::BeforeGC, this);
  isolate_->AddGCEpilogueCallback(&ThreadState::AfterGC, this);
  // Unreferenced: a pending call does not keep the event loop alive. Node closes it with the
  // environment. Without it, the pool stays bounded the old way (Pool), and stale terminations
  // are not recognized (Resumed).
  napi_value name = nullptr;
  if (napi_create_string_utf8(env, "greenlet-ts turn", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, nullptr, nullptr, this,
                                      &ThreadState::OnTurn, &turn_call_) != napi_ok ||
      napi_unref_threadsafe_function(env, turn_call_) != napi_ok) {
    turn_call_ = nullptr;
  }
  // The probe for a stale termination: any JavaScript function call checks for one.
  v8::HandleScope scope(isolate_);
  v8::Local<v8::Context> context = isolate_->GetCurrentContext();
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> probe;
  if (v8::Script::Compile(context, v8::String::NewFromUtf8Literal(isolate_, "(function () {})")).ToLocal(&script) &&
      script->Run(context).ToLocal(&probe) && probe->IsFunction()) {
    probe_.Reset(isolate_, probe.As<v8::Function>());
    probe_context_.Reset(isolate_, context);
  }
}

ThreadState::~ThreadState() {
  TearDown();
  isolate_->RemoveGCPrologueCallback(&ThreadState::BeforeGC, this);
  isolate_->RemoveGCEpilogueCallback(&ThreadState::AfterGC, this);
}

std::string ThreadState::Spawn(v8::Local<v8::Function> entry, v8::Local<v8::Context> context, Stack** out) {
  ReapFinished();
  std::unique_ptr<Stack> stack;
  if (!idle_.empty()) {
    stack = std::move(idle_.back());
    idle_.pop_back();
  }
  if (stack == nullptr) {
    stack = std::make_unique<Stack>(this, stack_size_);
    std::string error = stack->Start();
    if (!error.empty()) return error;
  }
  stack->Arm(isolate_, entry, context);
  live_.push_front(std::move(stack));
  live_.front()->where = live_.begin();
  *out = live_.front().get();
  return std::string();
}

void ThreadState::SwitchTo(Stack* target) {
  Stack* self = current_;
  current_ = target;
  target->set_order(Stack::Order::kRun);
  const Baton::Mode wait = Colocate(self, target);
  self->set_turn(turn_);
  AwaitTurn();
  {
    // Release the isolate before waking the target, so it finds the lock free; Locals made
    // before the release stay valid after it.
    Released released(isolate_);
    target->baton().Post();
    self->baton().Wait(wait);
  }
  current_ = self;  // whoever resumed us has handed over
  Resumed(self);
  ReapFinished();
  if (self->order() == Stack::Order::kDie) {
    // Teardown: unwind this greenlet's JavaScript down to its entry.
    isolate_->TerminateExecution();
  } else if (self == &main_ && termination_pending_) {
    termination_pending_ = false;
    if (!Stopping()) ReportTerminated();
    isolate_->TerminateExecution();
  } else if (Stopping()) {
    // Node's request to stop may have gone to another greenlet's thread (see Stopping).
    isolate_->TerminateExecution();
  } else if (self == &main_ && !escaped_.IsEmpty()) {
    isolate_->ThrowException(escaped_.Get(isolate_));
    escaped_.Reset();
  }
}

Stack* ThreadState::Finished(Stack* self, v8::MaybeLocal<v8::Value> result, const v8::TryCatch& try_catch,
                             bool* pooled) {
  Stack* next = &main_;
  *pooled = false;
  v8::Local<v8::Value> value;
  if (tearing_down_) {
    Retire(self);
    return EndedByWake();
  }
  if (result.ToLocal(&value) && value->IsExternal()) {
    next = static_cast<Stack*>(ExternalValue(value));
    // Only an ordinary finish keeps the thread: after a termination or an escaped error the
    // environment is likely going away, and the thread ends as it always did.
    *pooled = Pool(self);
  } else if (try_catch.HasTerminated() || isolate_->IsExecutionTerminating()) {
    // Terminated from outside: the environment's thread must see it too. The termination may
    // be cancelled there (a vm script's timeout, the REPL's Ctrl-C) and the program go on, so
    // JavaScript is told first that this greenlet is dead, without having run its own ending.
    termination_pending_ = true;
    terminated_.push_back(self->TakeRecord());
  } else {
    // The entry wrapper itself failed; nothing knows where control should go.
    v8::Local<v8::Value> error =
        try_catch.HasCaught()
            ? try_catch.Exception()
            : v8::Exception::Error(
                  v8::String::NewFromUtf8Literal(isolate_, "greenlet-ts: a greenlet's entry returned no stack"));
    escaped_.Reset(isolate_, error);
  }
  self->ClearRecord();  // its greenlet has ended (a terminated one's was taken above)
  const Baton::Mode wait = Colocate(self, next);
  if (*pooled) {
    // It waits for its next greenlet on this CPU, with `next` when colocated.
    self->set_idle_wait(wait);
  } else {
    Retire(self);
  }
  current_ = next;
  next->set_order(Stack::Order::kRun);
  return next;
}

bool ThreadState::Stopping() const {
  // Node stops an environment (worker.terminate(), process.exit() in a Worker) by asking V8 to
  // terminate its JavaScript, once. V8 keeps that request with the state of the thread holding
  // the isolate, archived and restored with it at every hand-off: one that comes while a
  // switch hands the lock over stays with the greenlet that switched away — or is dropped,
  // when that greenlet's thread was ending — and is never seen if that greenlet is not
  // resumed, while the others run on (a worker switching among greenlets forever could not
  // be terminated). Node's stopping flag is set before the request and stays set, so the
  // thread that takes the lock next, checking it, terminates in its place.
  //
  // Why this read sees the flag whenever the request went elsewhere, on arm64 too: Node sets
  // the flag (an atomic, or under its mutex) before it calls TerminateExecution, which records
  // the request under V8's ExecutionAccess mutex. A request kept with another thread's state
  // was recorded before that thread archived its state (under the same mutex), which was
  // before it let go of the isolate lock, before this thread took the lock: each step
  // releases what the next acquires, so the flag's store happens before this read.
  return environment::Stopping(env_);
}

void ThreadState::ReportTerminated() {
  if (terminated_.empty() || on_terminated_.IsEmpty()) return;
  // On the main stack, holding the lock; the termination is requested only afterwards, so
  // this JavaScript runs. It reports and does not switch.
  v8::HandleScope scope(isolate_);
  v8::Local<v8::Context> context = isolate_->GetCurrentContext();
  v8::Local<v8::Array> records = v8::Array::New(isolate_, static_cast<int>(terminated_.size()));
  for (size_t i = 0; i < terminated_.size(); ++i) {
    if (records->Set(context, static_cast<uint32_t>(i), terminated_[i].Get(isolate_)).IsNothing()) break;
  }
  terminated_.clear();
  v8::Local<v8::Value> argv[] = {records};
  v8::TryCatch try_catch(isolate_);
  if (on_terminated_.Get(isolate_)->Call(context, v8::Undefined(isolate_), 1, argv).IsEmpty()) {
    // Its error would be lost in the termination that follows anyway.
  }
}

void ThreadState::TearDown() {
  if (torn_down_) return;
  tearing_down_ = true;
  // Cleanup runs on the environment's thread holding the lock, so every greenlet is parked.
  const bool was_terminating = isolate_->IsExecutionTerminating();
  // Woken all at once, suspended greenlets terminate their JavaScript and end. Idle threads
  // and threads armed for a greenlet that has not run yet need the lock too, only to let go
  // of it (Stack::Run); a thread that never took it ends without V8.
  std::vector<Stack*> waking;
  EndIdle(0, &waking);
  for (auto it = live_.begin(); it != live_.end();) {
    Stack* stack = (it++)->get();
    stack->set_order(Stack::Order::kDie);
    if (stack->ran()) {
      waking.push_back(stack);  // Finished retires it
    } else if (stack->entered()) {
      waking.push_back(stack);
      Retire(stack);
    } else {
      // Counted (Retire reads its baton's counts) before it is posted and updates them.
      Retire(stack);
      stack->baton().Post();
    }
  }
  Wake(waking);
  isolate_->CancelTerminateExecution();
  ReapFinished();
  current_ = &main_;
  escaped_.Reset();
  terminated_.clear();
  on_terminated_.Reset();
  probe_.Reset();
  probe_context_.Reset();
  if (was_terminating) isolate_->TerminateExecution();
  torn_down_ = true;
}

void ThreadState::BeforeGC(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags, void* data) {
  // The collector scans the stack of the thread it runs on conservatively (for cppgc objects),
  // from the stack pointer up to the start recorded for the isolate. V8 11 records it only when
  // a thread enters the isolate, not when a Locker is retaken, so after a switch it still names
  // the previous greenlet's stack: the scan would walk off into unmapped memory. Entering (and
  // leaving) the isolate again records this thread's own start; nested, it is cheap. Done here,
  // before each collection on whichever thread runs it, rather than on every switch, where it
  // cost ~0.1 µs of a ~1.7 µs switch.
  v8::Isolate::Scope enter(isolate);
  // Suspended greenlets' threads are archived, and V8 visits the isolate's continuation data
  // once per thread: a scavenge would move it twice (continuation_data.h).
  static_cast<ThreadState*>(data)->continuation_.Park(isolate);
}

void ThreadState::AfterGC(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags, void* data) {
  static_cast<ThreadState*>(data)->continuation_.Restore(isolate);
}

Baton::Mode ThreadState::Colocate(Stack* from, Stack* to) {
  const Baton::Mode apart = one_cpu_ ? Baton::Mode::kYield : Baton::Mode::kSpin;
  if (!colocate_) return apart;
  const int cpu = platform::CurrentCpu();
  if (cpu < 0) return apart;
  if (from == &main_) main_.NoteCpu(cpu);
  bool pinned = false;
  const bool together = to->Follow(cpu, &pinned);
  pins_ += pinned;
  return together ? Baton::Mode::kYield : apart;
}

uint64_t ThreadState::spun() const {
  uint64_t n = retired_spun_ + main_.baton().spun();
  for (const auto& stack : live_) n += stack->baton().spun();
  for (const auto& stack : idle_) n += stack->baton().spun();
  return n;
}

uint64_t ThreadState::parked() const {
  uint64_t n = retired_parked_ + main_.baton().parked();
  for (const auto& stack : live_) n += stack->baton().parked();
  for (const auto& stack : idle_) n += stack->baton().parked();
  return n;
}

void ThreadState::Retire(Stack* stack) {
  Account(*stack);
  finished_.push_back(std::move(*stack->where));
  live_.erase(stack->where);
}

bool ThreadState::Pool(Stack* stack) {
  const bool turn_comes = AwaitTurn();
  if (idle_.size() >= kPoolSize && !turn_comes) return false;
  stack->set_turn(turn_);
  idle_.push_back(std::move(*stack->where));
  live_.erase(stack->where);
  return true;
}

bool ThreadState::AwaitTurn() {
  if (turn_pending_) return true;
  if (turn_call_ == nullptr ||
      napi_call_threadsafe_function(turn_call_, nullptr, napi_tsfn_nonblocking) != napi_ok) {
    return false;
  }
  turn_pending_ = true;
  return true;
}

void ThreadState::OnTurn(napi_env env, napi_value, void* context, void*) {
  if (env == nullptr) return;  // the environment is going away; so may this ThreadState
  ThreadState* state = static_cast<ThreadState*>(context);
  state->turn_pending_ = false;
  ++state->turn_;
  state->Trim();
}

void ThreadState::Resumed(Stack* self) {
  if (self->turn() == turn_ || probe_.IsEmpty()) return;
  // This stack handed the isolate over before the event loop's last turn, and a termination
  // that came meanwhile may wait in its V8 state (see Stack::Run). It was meant for JavaScript
  // that has returned to the event loop since — a vm script whose timeout fired as it ended, a
  // REPL command interrupted as it ended — so it is dropped here: run, it would terminate this
  // greenlet and then the whole program. A call of an empty function finds it. (A Worker's
  // stop is not dropped: the caller checks Stopping afterwards.)
  // An idle thread has not entered the isolate yet; V8's handling of the termination needs it.
  v8::Isolate::Scope enter(isolate_);
  v8::HandleScope scope(isolate_);
  v8::TryCatch try_catch(isolate_);
  v8::Local<v8::Function> probe = probe_.Get(isolate_);
  if (probe->Call(probe_context_.Get(isolate_), v8::Undefined(isolate_), 0, nullptr).IsEmpty() &&
      try_catch.HasTerminated()) {
    isolate_->CancelTerminateExecution();
  }
}

void ThreadState::Trim() {
  // From the event loop, so on the main stack with no JavaScript of a greenlet running.
  if (tearing_down_ || current_ != &main_ || idle_.size() <= kPoolSize) return;
  std::vector<Stack*> ending;
  EndIdle(kPoolSize, &ending);
  Wake(ending);
  ReapFinished();
  // Node's request to stop may have come meanwhile and gone with an ending thread's state.
  if (Stopping()) isolate_->TerminateExecution();
}

void ThreadState::EndIdle(size_t keep, std::vector<Stack*>* dying) {
  if (idle_.size() <= keep) return;
  // The oldest go; the most recently pooled stay, likely still warm.
  const auto end = idle_.end() - static_cast<std::ptrdiff_t>(keep);
  for (auto it = idle_.begin(); it != end; ++it) {
    Account(**it);  // its counts before it is woken and updates them
    (*it)->set_order(Stack::Order::kDie);
    dying->push_back(it->get());
    finished_.push_back(std::move(*it));
  }
  idle_.erase(idle_.begin(), end);
}

void ThreadState::Wake(const std::vector<Stack*>& dying) {
  // Each takes the lock in turn (queueing on V8's mutex) to let go of it and end; the last one
  // hands back to the main stack (EndedByWake). One by one, with a round trip to this
  // thread each, tens of thousands took a minute on a busy machine.
  dying_ = dying.size();
  if (dying_ == 0) return;
  Released released(isolate_);
  for (Stack* stack : dying) stack->baton().Post();
  main_.baton().Wait(Baton::Mode::kPark);
}

Stack* ThreadState::EndedByWake() {
  // The last one to end hands back to the main stack, waiting in Wake; the others just
  // release the lock.
  return --dying_ == 0 ? &main_ : nullptr;
}

void ThreadState::Account(const Stack& stack) {
  retired_spun_ += stack.baton().spun();
  retired_parked_ += stack.baton().parked();
}

void ThreadState::ReapFinished() {
  // While Wake ends threads, some may still wait for the lock to let go of it (Stack::Run).
  if (dying_ > 0) return;
  // Their threads have handed the isolate on and are returning: joining is quick.
  finished_.clear();
}

}  // namespace greenlet
