#include "baton.h"

#include "platform.h"

namespace greenlet {

void Baton::Post() {
  if (word_.exchange(kPosted, std::memory_order_acq_rel) == kParked) platform::Unpark(&word_);
}

void Baton::Wait(Mode mode) {
  const uint64_t start = platform::NowNs();
  const uint64_t look_ns = mode == Mode::kPark ? 0 : spin_ns_;
  const bool yield_at_once = mode == Mode::kYield;
  for (uint32_t i = 1; look_ns != 0; ++i) {
    if (word_.load(std::memory_order_acquire) == kPosted) {
      word_.store(kIdle, std::memory_order_relaxed);
      spin_ns_ = kSpinNs;
      ++spun_;
      return;
    }
    if (yield_at_once) {
      platform::YieldCpu();
    } else if ((i & 15) != 0) {
      platform::CpuRelax();
      continue;
    }
    const uint64_t waited = platform::NowNs() - start;  // the clock costs more than a pause
    if (waited >= look_ns) break;
    // Past the first microseconds, give the CPU to whoever is runnable: on a busy machine the
    // thread we wait for may need this very CPU.
    if (!yield_at_once && waited >= kPureSpinNs) platform::YieldCpu();
  }
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
