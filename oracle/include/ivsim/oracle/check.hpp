// Compares a SUT's document with the expectation, field by field, and explains each divergence.
#pragma once

#include "ivsim/oracle/expected.hpp"
#include "ivsim/oracle/scope.hpp"
#include "ivsim/oracle/state_document.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ivsim::oracle {

/// Jepsen-style three-valued outcome: `unknown` when the check could not be made (the SUT's state
/// could not be read, say).
enum class Verdict : std::uint8_t { pass, fail, unknown };

/// How the SUT's document differs from the expectation.
enum class DivergenceKind : std::uint8_t {
  wrong_value, ///< the field holds a value the expectation does not accept
  missing,     ///< an expected entity is absent, or an expected non-null field is null or absent
  unexpected,  ///< an entity no acknowledged event creates
};

/// "pass" / "fail" / "unknown".
std::string_view to_string(Verdict verdict);
/// "wrong value" / "missing" / "unexpected".
std::string_view to_string(DivergenceKind kind);
/// The names above, so `RC_ASSERT(report.verdict == Verdict::pass)` and gtest's EXPECT_EQ print
/// the verdict a test got.
inline std::ostream &operator<<(std::ostream &out, Verdict verdict) {
  return out << to_string(verdict);
}
inline std::ostream &operator<<(std::ostream &out, DivergenceKind kind) {
  return out << to_string(kind);
}

/// One acknowledged event behind a field, self-contained so a report needs no plan to read.
struct EvidenceEvent {
  std::string id;
  std::string what; ///< `describe(event)`: name, subject and event time
  std::string time; ///< the event time the oracle ordered by, RFC 3339
  std::uint32_t order = 0;
  FaultSet faults;
  bool indeterminate = false;
  friend bool operator==(const EvidenceEvent &, const EvidenceEvent &) = default;
};

/// One field or entity where the SUT's document disagrees with the expectation.
struct Divergence {
  DivergenceKind kind = DivergenceKind::wrong_value;
  std::vector<std::string> path;       ///< e.g. {"channels", "<arn>", "live"}
  Json expected;                       ///< value, `{"one_of": [...]}`, or "present" / "absent"
  Json actual;                         ///< value, or "present" / "absent" for entities
  std::vector<EvidenceEvent> evidence; ///< the events that decide the field, by delivery order
};

/// A field (or entity) whose expectation differs from the ground truth because events were lost:
/// shown in reports, never held against the handler.
struct LostField {
  std::vector<std::string> path;
  Json expected; ///< what the acknowledged events say ("absent" for an entity they never create)
  Json truth;    ///< what every generated event says
};

/// Where a report came from, printed on top so a failure can be reproduced.
struct ReportContext {
  std::string name; ///< scenario or plan name, for JUnit and headings
  std::optional<std::uint64_t> seed;
  std::string replay_command; ///< e.g. `ivsim replay failing.json`
  /// How long the run took, in seconds (reset, deliveries, state read and check): JUnit's `time`.
  std::optional<double> seconds;
};

/// The outcome of one check.
struct Report {
  Verdict verdict = Verdict::pass;
  std::string unknown_reason; ///< why the verdict is unknown
  std::string scope = "everything";
  std::vector<Divergence> divergences;
  std::vector<LostField> lost_to_faults;
  /// What a reader must know about the run that is neither a divergence nor a lost field, e.g.
  /// "the SUT refused the first 10 deliveries ...: 394 deliveries were not sent".
  std::vector<std::string> notes;
  /// Top-level entities checked (`channels.<arn>`, ...), for one JUnit testcase each.
  std::vector<std::vector<std::string>> checked_entities;
  std::size_t fields_checked = 0;
  std::size_t events_acknowledged = 0;
  ReportContext context;
};

/// Compares `actual` with `expected` over `scope`. When `truth` is given, fields where it differs
/// from the expectation are listed as lost to faults. The verdict is pass or fail.
Report check(const Expected &expected, const StateDocument &actual, const Scope &scope = {},
             const Expected *truth = nullptr);

/// A report for a check that could not be made; `reason` says why.
Report unknown_report(std::string reason);

/// `channels["<arn>"].live`: keys quoted when they are not plain words.
std::string format_path(const std::vector<std::string> &path);

/// The JSON pointer of a path: `/channels/arn:aws:ivs:...:channel~1abc/live`.
std::string format_pointer(const std::vector<std::string> &path);

} // namespace ivsim::oracle
