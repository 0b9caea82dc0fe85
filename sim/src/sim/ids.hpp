// Identifiers in the formats IVS uses: channel and stage ids, stream ids, recording prefixes.
#pragma once

#include "random.hpp"

#include "ivsim/text.hpp"
#include "ivsim/time.hpp"

#include <string>
#include <string_view>

namespace ivsim::sim {

/// `length` characters from [A-Za-z0-9], like channel ids (`AXnaRrhYNf7Z`).
std::string alphanumeric_id(Rng &rng, std::size_t length);

/// 32 random lower-case hex digits in the 8-4-4-4-12 layout of a UUID, with no fixed version or
/// variant digit: what EventBridge writes as event ids (`db65fc17-1612-ef68-3aad-c8a7bfd7b881`),
/// so a handler that insists on UUID v4 fails here as it would in production. A Text, as every
/// event needs one: written in place, it is one allocation, where a std::string (too long to be
/// stored inline) converted to Text is two and a copy.
Text uuid_shaped_hex(Rng &rng);

/// `st-` + 23 alphanumerics (real ones begin with "1": `st-1BFfRucA3M934F2XJV2QjKO`).
std::string stream_id(Rng &rng);

/// `st-` + 13 alphanumerics, like real stage session ids (`st-1CVugbu2cf2n8`).
std::string stage_session_id(Rng &rng);

/// `arn:aws:ivs:<region>:<account>:<kind>/<id>`.
std::string ivs_arn(std::string_view region, std::string_view account, std::string_view kind,
                    std::string_view id);

/// The channel auto-record prefix: `ivs/v1/<account>/<channel_id>/<y>/<m>/<d>/<h>/<min>/<rec>`,
/// time parts not zero-padded (IVS: `.../2020/6/23/20/12/j8Z9O91ndcVs`).
std::string channel_recording_prefix(std::string_view account, std::string_view channel_id,
                                     Instant started, std::string_view recording_id);

/// The individual participant recording prefix:
/// `<stage_id>/<session_id>/<participant_id>/<YYYY-MM-DDTHH-MM-SSZ>`.
std::string participant_recording_prefix(std::string_view stage_id, std::string_view session_id,
                                         std::string_view participant_id, Instant started);

} // namespace ivsim::sim
