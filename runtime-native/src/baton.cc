#include "baton.h"

#include "platform.h"

namespace greenlet {

void Baton::Post() {
  if (word_.exchange(kPosted, std::memory_order_acq_rel) == kParked) platform::Unpark(&word_);
}

void Baton::Wait(Mode mode) {
  const uint64_t look_ns = mode == Mode::kPark ? 0 : spin_ns_;
  if (mode == Mode::kYield) {
    // The thread we wait for runs on this CPU once we yield it, so everything here is on the
    // switch's path: the clock is read only every 8 yields (the budget starts at the first).
    uint64_t start = 0;
    for (uint32_t i = 0;; ++i) {
      if (word_.load(std::memory_order_acquire) == kPosted) return Taken();
      if ((i & 7) == 7) {
        const uint64_t now = platform::NowNs();
        if (start == 0) start = now;
        if (now - start >= look_ns) break;
      }
      platform::YieldCpu();
    }
    return Park(start);
  }
  const uint64_t start = platform::NowNs();
  for (uint32_t i = 1; look_ns != 0; ++i) {
    if (word_.load(std::memory_order_acquire) == kPosted) return Taken();
    if ((i & 15) != 0) {
      platform::CpuRelax();
      continue;
    }
    const uint64_t waited = platform::NowNs() - start;  // the clock costs more than a pause
    if (waited >= look_ns) break;
    // Past the first microseconds, give the CPU to whoever is runnable: on a busy machine the
    // thread we wait for may need this very CPU.
    if (waited >= kPureSpinNs) platform::YieldCpu();
  }
  Park(start);
}

void Baton::Taken() {
  word_.store(kIdle, std::memory_order_relaxed);
  spin_ns_ = kSpinNs;
  ++spun_;
}

void Baton::Park(uint64_t start) {
  for (;;) {
    uint32_t seen = word_.load(std::memory_order_acquire);
    if (seen == kPosted) break;
    // Announce that we sleep, so that Post wakes us; if a post came in meanwhile, look again.
    if (seen == kIdle && !word_.compare_exchange_strong(seen, kParked, std::memory_order_acq_rel)) continue;
    platform::Park(&word_, kParked);
  }
  word_.store(kIdle, std::memory_order_relaxed);
  ++parked_;
  // A long wait means the greenlets that ran meanwhile did real work, or this one sat idle:
  // spin little next time, but enough to notice when waits become short again.
  spin_ns_ = platform::NowNs() - start <= kLongWaitNs ? kSpinNs : kSpinNs / 8;
}

}  // namespace greenlet
