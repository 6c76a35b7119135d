// Everything that differs between operating systems, in one place: starting and joining
// OS threads with a chosen stack size, finding the calling thread's stack, parking a thread
// on a 32-bit word until another thread wakes it, and which CPU a thread runs on.
#ifndef GREENLET_PLATFORM_H_
#define GREENLET_PLATFORM_H_

#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace greenlet {
namespace platform {

// Starts `body(arg)` on a new joinable OS thread whose stack is `stack_size` bytes.
// Returns "" on success, else why the thread could not be created.
std::string StartThread(size_t stack_size, void* (*body)(void*), void* arg, pthread_t* out);
void JoinThread(pthread_t thread);

// The lowest usable address of the calling thread's stack (its stack grows down to it).
// `requested_size` is what the thread was created with, used where the OS cannot say.
uintptr_t StackLowEnd(size_t requested_size);

// Blocks while `*word == expected` (returns at once otherwise; may return spuriously). The
// check and the sleep are one step against Unpark: a store to `word` followed by Unpark either
// is seen by the check or wakes the sleeper, on every architecture (Linux puts a full barrier
// on both sides of a futex; elsewhere both take one mutex). The caller orders its data itself.
void Park(std::atomic<uint32_t>* word, uint32_t expected);
// Wakes every thread parked on `word`.
void Unpark(std::atomic<uint32_t>* word);

// A hint to the CPU that this thread is spinning.
inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  // isb, not yield: yield is a no-op on arm64 cores without SMT (nearly all of them), so the
  // wait would poll the word and the clock flat out; isb stalls the core for some tens of
  // cycles, close to what pause does on x86_64 (Rust's spin_loop hint chose it for this).
  asm volatile("isb" ::: "memory");
#endif
}

// Lets another runnable thread have this CPU.
void YieldCpu();

// The CPU the calling thread runs on, or -1 where the system does not say.
int CurrentCpu();
// Lets `thread` run on `cpu` only. False where the system refuses, or has no such call.
bool PinThread(pthread_t thread, int cpu);
// How many CPUs the calling thread may run on.
int UsableCpus();

// A monotonic clock in nanoseconds.
uint64_t NowNs();

}  // namespace platform
}  // namespace greenlet

#endif  // GREENLET_PLATFORM_H_
