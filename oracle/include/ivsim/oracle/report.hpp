// Writes a check's report as text for CI logs, as JSON (docs/reports.md) and as JUnit XML.
#pragma once

#include "ivsim/oracle/check.hpp"

#include <string>

namespace ivsim::oracle {

/// Short, readable text: verdict, seed and replay command on top, then each divergence with the
/// events behind it, then the fields lost to faults.
std::string to_text(const Report &report);

/// The report as JSON, in the schema of docs/reports.md.
Json to_json(const Report &report);

/// JUnit XML: one testsuite, one testcase per checked top-level entity (failures carry the
/// divergence text), or a single testcase with an error when the verdict is unknown.
std::string to_junit(const Report &report);

/// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
std::string escape_xml(std::string_view text);

} // namespace ivsim::oracle
