// One scheduled attempt to hand one event to the system under test, and the faults behind it.
#pragma once

#include "ivsim/time.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ivsim {

/// A delivery fault, one bit each: a delivery may carry several (a late duplicate in a group).
enum class Fault : std::uint8_t {
  drop = 1 << 0,         ///< never delivered (IVS gives up after hours)
  delay = 1 << 1,        ///< delivered minutes to hours after its true time
  swap = 1 << 2,         ///< explicitly swapped with a close neighbour
  duplicate = 1 << 3,    ///< a second copy with the same event id
  group = 1 << 4,        ///< part of a concurrent group (same-second events of one broadcast)
  cross_stream = 1 << 5, ///< held back until after a later stream of its channel had events
};

/// A set of faults.
class FaultSet {
public:
  constexpr FaultSet() = default;
  constexpr FaultSet(Fault fault) : bits_(static_cast<std::uint8_t>(fault)) {}

  constexpr bool has(Fault fault) const { return (bits_ & static_cast<std::uint8_t>(fault)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr FaultSet &add(Fault fault) {
    bits_ |= static_cast<std::uint8_t>(fault);
    return *this;
  }
  constexpr FaultSet &remove(Fault fault) {
    bits_ &= static_cast<std::uint8_t>(~static_cast<std::uint8_t>(fault));
    return *this;
  }
  constexpr std::uint8_t bits() const { return bits_; }
  static constexpr FaultSet from_bits(std::uint8_t bits) {
    FaultSet set;
    set.bits_ = bits;
    return set;
  }

  friend constexpr bool operator==(FaultSet, FaultSet) = default;

private:
  std::uint8_t bits_ = 0;
};

/// Every fault, in the order names are listed.
inline constexpr Fault kAllFaults[] = {Fault::drop,      Fault::delay, Fault::swap,
                                       Fault::duplicate, Fault::group, Fault::cross_stream};

/// "drop", "delay", "swap", "duplicate", "group", "cross_stream".
std::string_view to_string(Fault fault);
/// Names joined by "+", or "none".
std::string to_string(FaultSet faults);

/// No group: the delivery goes out alone.
inline constexpr std::uint32_t kNoGroup = 0;

/// One attempt to hand `event` to the SUT at `deliver_at` on the virtual clock.
struct Delivery {
  std::uint32_t event = 0;        ///< index into Plan::events
  Instant deliver_at{};           ///< on the virtual clock; the event keeps its true time
  std::uint16_t copy = 0;         ///< 0 for the first copy, 1.. for duplicates
  std::uint32_t group = kNoGroup; ///< deliveries with one non-zero group go out concurrently
  bool dropped = false;           ///< scheduled but deliberately never sent
  FaultSet faults;                ///< why this delivery looks the way it does

  friend bool operator==(const Delivery &, const Delivery &) = default;
};

std::ostream &operator<<(std::ostream &out, const Delivery &delivery);

} // namespace ivsim
