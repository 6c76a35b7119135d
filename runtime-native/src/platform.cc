#include "platform.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <thread>

#include <sched.h>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <condition_variable>
#include <mutex>
#include <new>
#endif

namespace greenlet {
namespace platform {

namespace {

// pthread attributes, destroyed on every path.
class ThreadAttributes {
 public:
  ThreadAttributes() : ok_(pthread_attr_init(&attr_) == 0) {}
  ~ThreadAttributes() {
    if (ok_) pthread_attr_destroy(&attr_);
  }
  ThreadAttributes(const ThreadAttributes&) = delete;
  ThreadAttributes& operator=(const ThreadAttributes&) = delete;
  bool ok() const { return ok_; }
  pthread_attr_t* get() { return &attr_; }

 private:
  pthread_attr_t attr_;
  bool ok_;
};

std::string Describe(int error) {
  switch (error) {
    case EAGAIN:
      return "the system refused another thread (EAGAIN): too many threads, or no memory for its stack — "
             "each started greenlet needs one thread and two memory mappings (see vm.max_map_count, "
             "kernel.threads-max, ulimit -u), or lower GREENLET_STACK_SIZE";
    case EINVAL:
      return "the stack size is not valid for this system (EINVAL): check GREENLET_STACK_SIZE";
    case EPERM:
      return "not permitted to create a thread (EPERM)";
    case ENOMEM:
      return "out of memory for the thread's stack (ENOMEM): lower GREENLET_STACK_SIZE";
    default:
      return std::strerror(error);
  }
}

}  // namespace

std::string StartThread(size_t stack_size, void* (*body)(void*), void* arg, pthread_t* out) {
  ThreadAttributes attr;
  if (!attr.ok()) return "pthread_attr_init failed";
  int error = pthread_attr_setstacksize(attr.get(), stack_size);
  if (error == 0) error = pthread_attr_setdetachstate(attr.get(), PTHREAD_CREATE_JOINABLE);
  if (error == 0) error = pthread_create(out, attr.get(), body, arg);
  return error == 0 ? std::string() : Describe(error);
}

void JoinThread(pthread_t thread) { pthread_join(thread, nullptr); }

uintptr_t StackLowEnd(size_t requested_size) {
  char here;
  uintptr_t fallback = reinterpret_cast<uintptr_t>(&here) - requested_size;
#if defined(__linux__)
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return fallback;
  void* low = nullptr;
  size_t size = 0;
  int error = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  return error == 0 ? reinterpret_cast<uintptr_t>(low) : fallback;
#elif defined(__APPLE__)
  pthread_t self = pthread_self();
  return reinterpret_cast<uintptr_t>(pthread_get_stackaddr_np(self)) - pthread_get_stacksize_np(self);
#else
  return fallback;
#endif
}

#if defined(__linux__)

void Park(std::atomic<uint32_t>* word, uint32_t expected) {
  // The kernel re-checks *word == expected atomically, so a wake between our check and the
  // sleep is not lost: it queues the sleeper, then a full barrier, then reads the word; the
  // waker's futex call puts a full barrier between the caller's store and its look for
  // sleepers (Linux's kernel/futex/waitwake.c, "ordering guarantees").
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

void Unpark(std::atomic<uint32_t>* word) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
}

#else

// Without futexes: a few mutex/condition-variable pairs shared by address.
namespace {
struct Bucket {
  std::mutex mutex;
  std::condition_variable cv;
};
struct Buckets {
  Bucket bucket[64];
};
Bucket& BucketFor(const void* address) {
  // Built in static storage and never destroyed: parked threads may outlive static destructors.
  alignas(Buckets) static unsigned char storage[sizeof(Buckets)];
  static Buckets* const buckets = ::new (storage) Buckets();
  return buckets->bucket[(reinterpret_cast<uintptr_t>(address) >> 4) % 64];
}
}  // namespace

void Park(std::atomic<uint32_t>* word, uint32_t expected) {
  Bucket& b = BucketFor(word);
  std::unique_lock<std::mutex> lock(b.mutex);
  // The mutex, which Unpark takes too, is what keeps a wake from being lost; acquire is more
  // than that needs (Baton::Park loads the word again, acquire, before it reads any data).
  if (word->load(std::memory_order_acquire) == expected) b.cv.wait(lock);
}

void Unpark(std::atomic<uint32_t>* word) {
  Bucket& b = BucketFor(word);
  std::lock_guard<std::mutex> lock(b.mutex);
  b.cv.notify_all();
}

#endif

void YieldCpu() { sched_yield(); }

#if defined(__linux__)

int CurrentCpu() { return sched_getcpu(); }

bool PinThread(pthread_t thread, int cpu) {
  if (cpu < 0 || cpu >= CPU_SETSIZE) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(thread, sizeof set, &set) == 0;
}

int UsableCpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return static_cast<int>(std::thread::hardware_concurrency());
  return CPU_COUNT(&set);
}

#else

int CurrentCpu() { return -1; }

bool PinThread(pthread_t, int) { return false; }

int UsableCpus() { return static_cast<int>(std::thread::hardware_concurrency()); }

#endif

uint64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace platform
}  // namespace greenlet
