// The JavaScript face of the native backend (runtime-native/backend.ts is its only user):
//   mainStack()         the main greenlet's stack handle
//   configure(bytes)    stack size of greenlet threads; before the first greenlet starts
//   colocate(on)        whether switches keep both threads on one CPU (ThreadState::SwitchTo)
//   spawn(entry, record)
//                       a new stack whose thread will call entry() when first resumed; entry
//                       returns the handle of the stack to hand the isolate to when it ends.
//                       Returns the handle, or a string saying why no thread could be made.
//                       `record` (the greenlet's, in JavaScript) is what onTerminated reports.
//   resume(handle)      hands the isolate to that stack; returns when the caller is resumed
//   onTerminated(fn)    fn(records) is called on the main stack with the records of greenlets
//                       whose JavaScript was terminated, before the main greenlet terminates too
//   stats()             { live, finished, pooled, spun, parked, pins, stackSize, colocate } for
//                       tests and benchmarks
// One instance per Node environment (main thread, each Worker): the addon is context-aware.
#include <napi.h>
#include <v8.h>

#include <cstring>
#include <memory>
#include <string>

#include "stack.h"
#include "thread_state.h"
#include "v8_api.h"

namespace greenlet {
namespace {

// node-addon-api hands out napi_values, which in Node are v8::Local handles; the greenlet
// threads work with V8 directly, so values cross between the two here.
static_assert(sizeof(napi_value) == sizeof(v8::Local<v8::Value>), "napi_value is a v8::Local in Node");

v8::Local<v8::Value> ToV8(napi_value value) {
  v8::Local<v8::Value> local;
  std::memcpy(static_cast<void*>(&local), &value, sizeof value);
  return local;
}

napi_value FromV8(v8::Local<v8::Value> local) {
  napi_value value;
  std::memcpy(&value, static_cast<void*>(&local), sizeof value);
  return value;
}

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports) : state_(std::make_unique<ThreadState>(v8::Isolate::GetCurrent(), env)) {
    DefineAddon(exports, {
                             InstanceMethod("mainStack", &Addon::MainStack),
                             InstanceMethod("configure", &Addon::Configure),
                             InstanceMethod("colocate", &Addon::Colocate),
                             InstanceMethod("spawn", &Addon::Spawn),
                             InstanceMethod("onTerminated", &Addon::OnTerminated),
                             InstanceMethod("stats", &Addon::Stats),
                         });
    // resume() is the one call on every switch: a plain V8 function, without node-api's
    // wrapping, which costs a switch ~0.1 µs (and writes the shared napi_env, whose cache line
    // then moves between the two cores of a hand-off).
    v8::Isolate* isolate = state_->isolate();
    v8::Local<v8::Context> context = isolate->GetCurrentContext();
    v8::Local<v8::Function> resume;
    if (v8::Function::New(context, &Addon::Resume, NewExternal(isolate, this), 1,
                          v8::ConstructorBehavior::kThrow)
            .ToLocal(&resume)) {
      exports.Set("resume", Napi::Value(env, FromV8(resume)));
    }
    // Runs before node-addon-api frees this instance (hooks run in reverse order of
    // registration), and before the isolate is disposed.
    env.AddCleanupHook([state = state_.get()] { state->TearDown(); });
  }

 private:
  Napi::Value Handle(Napi::Env env, Stack* stack) {
    return Napi::Value(env, FromV8(NewExternal(state_->isolate(), stack)));
  }

  Napi::Value MainStack(const Napi::CallbackInfo& info) { return Handle(info.Env(), state_->main_stack()); }

  Napi::Value Configure(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() != 1 || !info[0].IsNumber()) {
      Napi::TypeError::New(env, "configure(stackSize): expected a number of bytes").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    double size = info[0].As<Napi::Number>().DoubleValue();
    if (!(size >= Stack::kMinStackSize) || size > 1e15) {
      Napi::RangeError::New(env, "greenlet stack size must be at least " + std::to_string(Stack::kMinStackSize) +
                                     " bytes")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    // Idle threads are reused whatever the size, so it is set once, before any exists.
    if (state_->live_count() + state_->pooled_count() + state_->finished_count() > 0) {
      Napi::Error::New(env, "greenlet-ts: the stack size is set before the first greenlet starts")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    state_->set_stack_size(static_cast<size_t>(size));
    return env.Undefined();
  }

  Napi::Value Colocate(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() != 1 || !info[0].IsBoolean()) {
      Napi::TypeError::New(env, "colocate(on): expected a boolean").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    state_->set_colocate(info[0].As<Napi::Boolean>().Value());
    return env.Undefined();
  }

  Napi::Value Spawn(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() != 2 || !info[0].IsFunction()) {
      Napi::TypeError::New(env, "spawn(entry, record): expected a function and its greenlet's record").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    v8::Isolate* isolate = state_->isolate();
    v8::Local<v8::Function> entry = ToV8(info[0]).As<v8::Function>();
    Stack* stack = nullptr;
    std::string error = state_->Spawn(entry, isolate->GetCurrentContext(), &stack);
    if (!error.empty()) return Napi::String::New(env, "cannot start a greenlet thread: " + error);
    stack->set_record(isolate, ToV8(info[1]));
    return Handle(env, stack);
  }

  Napi::Value OnTerminated(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() != 1 || !info[0].IsFunction()) {
      Napi::TypeError::New(env, "onTerminated(fn): expected a function").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    state_->set_on_terminated(ToV8(info[0]).As<v8::Function>());
    return env.Undefined();
  }

  static void Resume(const v8::FunctionCallbackInfo<v8::Value>& info) {
    Addon* self = static_cast<Addon*>(ExternalValue(info.Data()));
    ThreadState* state = self->state_.get();
    v8::Isolate* isolate = info.GetIsolate();
    if (info.Length() != 1 || !info[0]->IsExternal()) {
      isolate->ThrowException(v8::Exception::TypeError(
          v8::String::NewFromUtf8Literal(isolate, "resume(stack): expected a stack handle")));
      return;
    }
    if (state->tearing_down()) return;  // its JavaScript is being terminated
    if (!state->current()->IsCallingThread()) {
      // Only the thread holding this environment's isolate as its current greenlet may switch.
      isolate->ThrowException(v8::Exception::Error(v8::String::NewFromUtf8Literal(
          isolate, "greenlet-ts: switch() called from a thread that is not running the current greenlet")));
      return;
    }
    state->SwitchTo(static_cast<Stack*>(ExternalValue(info[0])));
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object stats = Napi::Object::New(env);
    stats.Set("live", Napi::Number::New(env, static_cast<double>(state_->live_count())));
    stats.Set("finished", Napi::Number::New(env, static_cast<double>(state_->finished_count())));
    stats.Set("pooled", Napi::Number::New(env, static_cast<double>(state_->pooled_count())));
    stats.Set("spun", Napi::Number::New(env, static_cast<double>(state_->spun())));
    stats.Set("parked", Napi::Number::New(env, static_cast<double>(state_->parked())));
    stats.Set("pins", Napi::Number::New(env, static_cast<double>(state_->pins())));
    stats.Set("colocate", Napi::Boolean::New(env, state_->colocate()));
    stats.Set("stackSize", Napi::Number::New(env, static_cast<double>(state_->stack_size())));
    return stats;
  }

  std::unique_ptr<ThreadState> state_;
};

}  // namespace
}  // namespace greenlet

using greenlet::Addon;
NODE_API_ADDON(Addon)
