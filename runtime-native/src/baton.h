// The hand-off primitive: one thread posts, the one waiting on this baton goes on.
//
// A switch costs one hand-off, so waiting is tuned for it: the waiter looks for a bounded
// time before parking, which saves the 3–30 µs a futex wake-up costs on a VM. A waiter whose
// last wait was not long (it expects to be resumed soon) looks for up to kSpinNs; after a long
// one only kSpinNs/8. Then it parks, so idle suspended greenlets use no CPU. Between looks it
// spins when the thread it waits for runs on another CPU, and yields the CPU when that thread
// shares its CPU (spinning there would only keep it from running).
#ifndef GREENLET_BATON_H_
#define GREENLET_BATON_H_

#include <atomic>
#include <cstdint>

namespace greenlet {

class Baton {
 public:
  // Longest a waiter spins before parking; a ping-pong switch takes ~1 µs.
  static constexpr uint64_t kSpinNs = 20000;
  // For this long it only spins; then it yields the CPU between looks.
  static constexpr uint64_t kPureSpinNs = 4000;
  // A wait longer than this was not a quick exchange.
  static constexpr uint64_t kLongWaitNs = 1000000;

  Baton() = default;
  Baton(const Baton&) = delete;
  Baton& operator=(const Baton&) = delete;

  // How to wait: see above.
  enum class Mode { kSpin, kYield, kPark };

  // Lets the waiter go on (or the next Wait return at once). Everything written before
  // Post is visible to the waiter after its Wait.
  void Post();
  // Returns once posted, consuming the post.
  void Wait(Mode mode);

  // How many waits ended before parking (spinning or yielding), and after (for benchmarks).
  uint64_t spun() const { return spun_; }
  uint64_t parked() const { return parked_; }

 private:
  enum : uint32_t { kIdle = 0, kPosted = 1, kParked = 2 };
  // The wait ends with the post seen before parking.
  void Taken();
  // Parks until posted; `start` is when the wait began.
  void Park(uint64_t start);
  // The hand-off's only atomic (the other state a switch hands over is ordered by V8's Locker,
  // a mutex, and by this word; see ThreadState). kIdle -> kPosted by Post; kIdle -> kParked by
  // the waiter before it sleeps (then kParked -> kPosted by Post, which wakes it); back to kIdle
  // only by the waiter, once it has seen kPosted. Each access states its memory order and why
  // it is enough, in baton.cc.
  std::atomic<uint32_t> word_{kIdle};
  // How long the next wait spins. These three are plain: only the waiter writes them, while
  // it waits; the counts are read by the isolate lock's holder (stats), which the waiter takes
  // after writing them.
  uint64_t spin_ns_ = kSpinNs;
  uint64_t spun_ = 0;
  uint64_t parked_ = 0;
};

}  // namespace greenlet

#endif  // GREENLET_BATON_H_
