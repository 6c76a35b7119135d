#include "baton.h"

#include "platform.h"

namespace greenlet {

// Memory orders (arm64 reorders what x86_64 does not; see word_ in baton.h for the states):
// data crosses only from poster to waiter, so a release by Post and an acquire by the waiter's
// load that sees kPosted are all it needs. Whether the waiter sleeps is decided by the order of
// the read-modify-writes on the word itself, not by fences: each reads the latest value.

void Baton::Post() {
  // release, pairs with the acquire loads in Wait and Park that see this kPosted: everything
  // the poster wrote before Post (the target's order, what Arm stored, the switch's
  // bookkeeping) is visible to the waiter once its Wait returns. No acquire: the poster reads
  // nothing the waiter wrote, and whether it must wake a sleeper (kParked) is the word's latest
  // value, which an exchange always reads (see Park's compare-exchange).
  if (word_.exchange(kPosted, std::memory_order_release) == kParked) platform::Unpark(&word_);
}

void Baton::Wait(Mode mode) {
  const uint64_t look_ns = mode == Mode::kPark ? 0 : spin_ns_;
  if (mode == Mode::kYield) {
    // The thread we wait for runs on this CPU once we yield it, so everything here is on the
    // switch's path: the clock is read only every 8 yields (the budget starts at the first).
    uint64_t start = 0;
    for (uint32_t i = 0;; ++i) {
      // acquire, pairs with Post's release exchange (as every acquire load here).
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
    if (word_.load(std::memory_order_acquire) == kPosted) return Taken();  // pairs with Post
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
  // relaxed: the post is consumed, nothing is published. Only the waiter stores kIdle, after
  // it saw kPosted, and the next Post to this baton cannot be overwritten by it: that Post
  // comes from a thread that took the isolate lock (or was posted) after this thread let go of
  // it, later than this store; so this store happens before that exchange and comes first in
  // the word's modification order. (One post per wait: a stack is posted only when it is
  // handed the isolate, or told to die, and only while it waits.)
  word_.store(kIdle, std::memory_order_relaxed);
  spin_ns_ = kSpinNs;
  ++spun_;
}

void Baton::Park(uint64_t start) {
  for (;;) {
    uint32_t seen = word_.load(std::memory_order_acquire);  // pairs with Post's exchange
    if (seen == kPosted) break;
    // Announce that we sleep, so that Post wakes us; if a post came in meanwhile, look again.
    // relaxed: it publishes and reads no data (the load above, acquire, is what sees the
    // post). It and Post's exchange are read-modify-writes of this word, so one comes first:
    // the compare-exchange fails on kPosted and we look again, or Post's exchange returns
    // kParked and Post wakes us — the futex call sleeps only while the word is still kParked.
    if (seen == kIdle && !word_.compare_exchange_strong(seen, kParked, std::memory_order_relaxed)) continue;
    platform::Park(&word_, kParked);
  }
  word_.store(kIdle, std::memory_order_relaxed);  // relaxed, as in Taken
  ++parked_;
  // A long wait means the greenlets that ran meanwhile did real work, or this one sat idle:
  // spin little next time, but enough to notice when waits become short again.
  spin_ns_ = platform::NowNs() - start <= kLongWaitNs ? kSpinNs : kSpinNs / 8;
}

}  // namespace greenlet
