// Borrowed views of the fields of a SUT's typed document, compared with expectations without
// building the document's JSON.
#pragma once

#include "ivsim/oracle/expected.hpp"
#include "ivsim/oracle/state_document.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ivsim::oracle::detail {

/// One field of a typed entity: null, a boolean, an integer, text, an instant or a list of texts.
using FieldView = std::variant<std::monostate, bool, std::int64_t, std::string_view, Instant,
                               const std::vector<std::string> *>;

/// The field named `name` of an entity, null when unset or not one of the entity's fields.
FieldView field_of(const ChannelState &channel, std::string_view name);
FieldView field_of(const StreamState &stream, std::string_view name);
FieldView field_of(const RecordingState &recording, std::string_view name);
FieldView field_of(const ParticipantRecordingState &recording, std::string_view name);
FieldView field_of(const ParticipantState &participant, std::string_view name);
FieldView field_of(const DestinationState &destination, std::string_view name);
FieldView field_of(const CompositionState &composition, std::string_view name);
/// Sessions and stages have no fields of their own.
FieldView field_of(const StageSessionState &session, std::string_view name);
FieldView field_of(const StageState &stage, std::string_view name);

/// True when `expectation` accepts `actual`: what `Expectation::accepts` says of its JSON form.
bool accepts(const Expectation &expectation, const FieldView &actual);

/// The field as `to_json(StateDocument)` writes it.
Json to_json(const FieldView &actual);

} // namespace ivsim::oracle::detail
