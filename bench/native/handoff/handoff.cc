// The floor under every native switch: V8's isolate lock handed back and forth between two
// threads with nothing else done — no JavaScript runs between hand-offs, no greenlet-ts code
// is involved, and the waiting thread never parks (no futex wake-up is paid).
//
//   handOff(count, cpuA, cpuB)    → nanoseconds per hand-off
//   threadsAlone(count, cpuA, cpuB) → the same without V8: the two threads only flag each
//                                    other (on one CPU, that is the scheduler's switch)
//   currentCpu()                  → the CPU the calling thread runs on (−1: unknown)
//
// The calling thread (which holds the lock, as Node's main thread does) and a helper thread
// each, `count` times: open a v8::Unlocker, flag the other thread, spin until flagged back,
// and retake the lock as the Unlocker closes. cpuA/cpuB pin the two threads to those CPUs
// (−1: leave them to the scheduler, and the waiter spins; the same CPU twice: the waiter
// yields the CPU to the other instead). For bench/native/handoff.js only.
#include <napi.h>
#include <pthread.h>
#include <sched.h>
#include <v8.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace {

// One thread's "go on" flag, on a cache line of its own. Two threads pinned to one CPU must
// yield to each other; otherwise the waiter spins.
struct alignas(64) Flag {
  std::atomic<bool> up{false};
  bool yield = false;

  void Raise() { up.store(true, std::memory_order_release); }
  void Await() {
    while (!up.load(std::memory_order_acquire)) {
      if (yield) {
        sched_yield();
      } else {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield" ::: "memory");
#endif
      }
    }
    up.store(false, std::memory_order_relaxed);
  }
};

// Pins the calling thread to `cpu` for its lifetime (−1: no pinning); restores the old mask.
class Pin {
 public:
#if defined(__linux__)
  explicit Pin(int cpu) : active_(cpu >= 0) {
    if (!active_) return;
    pthread_getaffinity_np(pthread_self(), sizeof old_, &old_);
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    active_ = pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
  }
  ~Pin() {
    if (active_) pthread_setaffinity_np(pthread_self(), sizeof old_, &old_);
  }
#else
  explicit Pin(int) {}  // no per-thread affinity here: the scheduler places both threads
#endif
  Pin(const Pin&) = delete;
  Pin& operator=(const Pin&) = delete;

 private:
#if defined(__linux__)
  bool active_;
  cpu_set_t old_;
#endif
};

void HandOffs(v8::Isolate* isolate, int count, Flag& mine, Flag& theirs) {
  for (int i = 0; i < count; ++i) {
    // As runtime-native/src/released.h: retaking the lock may create handles (V8 13.6).
    v8::HandleScope handles(isolate);
    v8::Unlocker unlocker(isolate);
    theirs.Raise();
    mine.Await();
  }
}

void FlagOnly(int count, Flag& mine, Flag& theirs) {
  for (int i = 0; i < count; ++i) {
    theirs.Raise();
    mine.Await();
  }
}

// The arguments of handOff and threadsAlone, or false after throwing.
bool ReadArguments(const Napi::CallbackInfo& info, const char* name, int* count, int* cpu_a, int* cpu_b) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsNumber()) {
    Napi::TypeError::New(env, std::string(name) + "(count, cpuA, cpuB): expected three numbers")
        .ThrowAsJavaScriptException();
    return false;
  }
  *count = info[0].As<Napi::Number>().Int32Value();
  *cpu_a = info[1].As<Napi::Number>().Int32Value();
  *cpu_b = info[2].As<Napi::Number>().Int32Value();
  if (*count < 1) {
    Napi::RangeError::New(env, std::string(name) + ": count must be at least 1").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// Times `count` rounds between the calling thread and a helper thread, each running
// `rounds(count, mine, theirs)`: `on_helper(go)` runs the helper's rounds (`go()`) in what they
// need around them, `release(last)` the calling thread's last flag to the helper and the join
// (`last()`). Nanoseconds per hand-off.
template <typename OnHelper, typename Rounds, typename Release>
double TimeRounds(int count, int cpu_a, int cpu_b, OnHelper on_helper, Rounds rounds, Release release) {
  Flag main_flag;
  Flag helper_flag;
  main_flag.yield = helper_flag.yield = cpu_a >= 0 && cpu_a == cpu_b;
  Pin pin(cpu_a);
  std::thread helper([&] {
    Pin helper_pin(cpu_b);
    helper_flag.Await();
    on_helper([&] { rounds(count, helper_flag, main_flag); });
  });
  const auto start = std::chrono::steady_clock::now();
  rounds(count, main_flag, helper_flag);
  const auto end = std::chrono::steady_clock::now();
  // Let the helper finish its last round.
  release([&] {
    helper_flag.Raise();
    helper.join();
  });
  return std::chrono::duration<double, std::nano>(end - start).count() / (2.0 * count);
}

Napi::Value HandOff(const Napi::CallbackInfo& info) {
  int count, cpu_a, cpu_b;
  if (!ReadArguments(info, "handOff", &count, &cpu_a, &cpu_b)) return info.Env().Undefined();
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  const double ns = TimeRounds(
      count, cpu_a, cpu_b,
      // The helper takes the lock at the first hand-off, and gives it back `count` times.
      [&](auto go) {
        v8::Locker locker(isolate);
        go();
      },
      [&](int n, Flag& mine, Flag& theirs) { HandOffs(isolate, n, mine, theirs); },
      // ... and then releases it for good.
      [&](auto last) {
        v8::HandleScope handles(isolate);
        v8::Unlocker unlocker(isolate);
        last();
      });
  return Napi::Number::New(info.Env(), ns);
}

// handOff's two threads and flags, with V8 left out: what the threads' own hand-off costs.
Napi::Value ThreadsAlone(const Napi::CallbackInfo& info) {
  int count, cpu_a, cpu_b;
  if (!ReadArguments(info, "threadsAlone", &count, &cpu_a, &cpu_b)) return info.Env().Undefined();
  const double ns = TimeRounds(
      count, cpu_a, cpu_b, [](auto go) { go(); }, FlagOnly, [](auto last) { last(); });
  return Napi::Number::New(info.Env(), ns);
}

}  // namespace

Napi::Value CurrentCpu(const Napi::CallbackInfo& info) {
#if defined(__linux__)
  return Napi::Number::New(info.Env(), sched_getcpu());
#else
  return Napi::Number::New(info.Env(), -1);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("handOff", Napi::Function::New(env, HandOff, "handOff"));
  exports.Set("threadsAlone", Napi::Function::New(env, ThreadsAlone, "threadsAlone"));
  exports.Set("currentCpu", Napi::Function::New(env, CurrentCpu, "currentCpu"));
  return exports;
}

NODE_API_MODULE(greenlet_handoff_floor, Init)
