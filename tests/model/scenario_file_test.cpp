#include "ivsim/scenario_file.hpp"

#include "event_generators.hpp"
#include "ivsim/error.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <map>

namespace ivsim {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kScenarios = IVSIM_SCENARIOS_DIR;
const fs::path kBad = fs::path(IVSIM_FIXTURES_DIR) / "bad";

std::vector<fs::path> json_files_under(const fs::path &root) {
  std::vector<fs::path> files;
  for (const auto &entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string load_error(const fs::path &path) {
  try {
    load_scenario(path.string());
  } catch (const InputError &error) {
    return error.what();
  }
  return "<loaded without error>";
}

// 32 lower-case hex digits laid out 8-4-4-4-12, as EventBridge writes event ids.
bool is_uuid_shaped_hex(std::string_view text) {
  if (text.size() != 36)
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = text[i];
    if (dash ? c != '-' : !(std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f')))
      return false;
  }
  return true;
}

// Test that every shipped scenario loads, says what it exercises, and, when it has events, each
// event is delivered or deliberately dropped.
TEST(ScenarioFile, EveryShippedScenarioLoads) {
  const std::vector<fs::path> files = json_files_under(kScenarios);
  EXPECT_GE(files.size(), 8u);
  for (const fs::path &file : files) {
    SCOPED_TRACE(file.string());
    Scenario scenario;
    ASSERT_NO_THROW(scenario = load_scenario(file.string()));
    EXPECT_FALSE(scenario.description.empty());
    EXPECT_TRUE(scenario.plan || scenario.generator.is_object());
    if (scenario.plan) {
      EXPECT_NO_THROW(validate(*scenario.plan));
    }
  }
}

// Test that hand-written scenarios use AWS's id formats (docs/faults.md: stream_id is "st-" and 23
// alphanumerics, event ids 32 lower-case hex digits laid out 8-4-4-4-12 with no fixed UUID
// version digit, channel ids 12 alphanumerics).
TEST(ScenarioFile, ShippedEventsUseRealIdFormats) {
  const auto alnum = [](std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(c) != 0; });
  };
  for (const fs::path &file : json_files_under(kScenarios)) {
    const Scenario scenario = load_scenario(file.string());
    if (!scenario.plan)
      continue;
    for (const Event &event : scenario.plan->events) {
      SCOPED_TRACE(file.string() + " " + describe(event));
      EXPECT_TRUE(is_uuid_shaped_hex(event.id));
      EXPECT_EQ(event.account.size(), 12u);
      const std::string &stream = event.detail.stream_id;
      if (!stream.empty()) {
        EXPECT_TRUE(stream.size() == 26 && stream.starts_with("st-") && alnum(stream.substr(3)));
      }
      const std::string &arn = event.resource();
      const auto slash = arn.rfind('/');
      ASSERT_NE(slash, std::string::npos);
      EXPECT_EQ(arn.size() - slash - 1, 12u);
      EXPECT_TRUE(arn.starts_with("arn:aws:ivs:" + event.region + ":" + event.account + ":"));
    }
  }
}

// Every malformed file in tests/fixtures/bad and what its message must contain, position
// included. A new file there without an entry here fails the test.
const std::map<std::string, std::string> kBadFileMessages = {
    {"deliveries_without_events.json",
     "deliveries_without_events.json:3:17: /deliveries: expected \"events\" for these deliveries "
     "to refer to, but it is missing"},
    {"delivery_ambiguous_id.json",
     "delivery_ambiguous_id.json:29:15: /deliveries/1/event: expected an id that names one event, "
     "got \"8f2ba9e0-3712-42ad-aa65-78707684012c\", shared by events 0 and 1; name the event by "
     "its index instead"},
    {"delivery_at_not_a_time.json",
     "delivery_at_not_a_time.json:28:61: /deliveries/0/at: expected an RFC 3339 time like "
     "\"2024-03-13T22:09:58Z\" or an offset from the event's time like \"+3h\", got a string "
     "\"tomorrow\""},
    {"delivery_at_number.json",
     "delivery_at_number.json:29:61: /deliveries/1/at: expected an RFC 3339 time like "
     "\"2024-03-13T22:09:58Z\" or an offset from the event's time like \"+3h\", got an integer "
     "3600"},
    {"delivery_before_the_event.json",
     "delivery_before_the_event.json:29:61: /deliveries/1/at: expected a time at or after the "
     "event's own, 2024-03-13T23:02:14Z (nothing is delivered before it happens), got "
     "\"2024-03-13T22:30:00Z\""},
    {"delivery_key_twice.json",
     "delivery_key_twice.json:17:68: the key \"at\" is given twice in one object; JSON keeps "
     "only the last, so give it once"},
    {"delivery_copy_negative.json",
     "delivery_copy_negative.json:29:63: /deliveries/1/copy: expected a whole number from 0 to "
     "65535, got an integer -1"},
    {"delivery_copy_huge.json",
     "delivery_copy_huge.json:29:63: /deliveries/1/copy: expected a whole number from 0 to "
     "65535, got a number 1.2345678901234568e+29"},
    {"delivery_copy_twice.json",
     "delivery_copy_twice.json:30:76: /deliveries/2/copy: expected a copy number that no other "
     "delivery of event \"76d3622a-3a23-4827-b203-df201d65c3fb\" has, got 0, as /deliveries/1 has"},
    {"delivery_dropped_not_boolean.json",
     "delivery_dropped_not_boolean.json:29:66: /deliveries/1/dropped: expected true or false, got "
     "a string \"yes\""},
    {"delivery_index_out_of_range.json",
     "delivery_index_out_of_range.json:29:15: /deliveries/1/event: expected an event index below "
     "2 (the number of events), got 2"},
    {"delivery_negative_offset.json",
     "delivery_negative_offset.json:29:61: /deliveries/1/at: expected an offset at or after the "
     "event's time like \"+3h\" or \"+0s\" (nothing is delivered before it happens), got "
     "\"-5m\""},
    {"delivery_unknown_event_id.json",
     "delivery_unknown_event_id.json:30:15: /deliveries/2/event: expected the id of an event in "
     "\"events\", got \"6401f430-d6bf-4f63-9858-956b269de9dd\", which no event has"},
    {"delivery_unknown_fault.json",
     "delivery_unknown_fault.json:29:88: /deliveries/1/faults/1: expected one of the fault names "
     "\"drop\", \"delay\", \"swap\", \"duplicate\", \"group\", \"cross_stream\", got a string "
     "\"late\""},
    {"delivery_unknown_key.json",
     "delivery_unknown_key.json:29:64: /deliveries/1/delay: expected one of the keys \"event\", "
     "\"at\", \"copy\", \"group\", \"dropped\", \"faults\", got \"delay\""},
    {"delivery_without_event.json",
     "delivery_without_event.json:29:5: /deliveries/1/event: expected the id or index of an event "
     "in \"events\", but it is missing"},
    {"description_not_a_string.json",
     "description_not_a_string.json:2:18: /description: expected a string, got an array"},
    {"empty.json", "empty.json:1:1: invalid JSON: syntax error while parsing value - unexpected "
                   "end of input; expected '[', '{', or a literal"},
    {"event_missing_stream_id.json",
     "event_missing_stream_id.json:24:17: /events/1/detail/stream_id: expected a string, but it "
     "is missing"},
    {"event_missing_channel_name.json",
     "event_missing_channel_name.json:24:17: /events/1/detail/channel_name: expected a string, "
     "but it is missing"},
    {"event_missing_user_id.json",
     "event_missing_user_id.json:13:17: /events/0/detail/user_id: expected a string, but it is "
     "missing"},
    {"event_never_delivered.json",
     "event_never_delivered.json:15:5: /events/1: expected a delivery of this event in "
     "\"deliveries\" (add one with \"dropped\": true to never send it), found none"},
    {"event_resources_empty.json",
     "event_resources_empty.json:12:20: /events/0/resources: expected the IVS Stream State Change "
     "resource ARN, got an empty array"},
    {"event_time_not_rfc3339.json",
     "event_time_not_rfc3339.json:21:15: /events/1/time: expected an RFC 3339 time like "
     "\"2024-03-13T22:09:58Z\", got a string \"2024-03-13 23:02\""},
    {"event_time_without_zone.json",
     "event_time_without_zone.json:21:15: /events/1/time: expected an RFC 3339 time like "
     "\"2024-03-13T22:09:58Z\", got a string \"2024-03-13T23:02:00\""},
    {"events_not_an_array.json",
     "events_not_an_array.json:4:5: /events: expected an array of EventBridge events, got an "
     "object"},
    {"generator_not_an_object.json",
     "generator_not_an_object.json:3:16: /generator: expected a generator spec object like "
     "{\"seed\": 7}, got an integer 7"},
    {"invalid_utf8.json", "invalid_utf8.json:2:23: invalid JSON: syntax error while parsing "
                          "value - invalid string: ill-formed UTF-8 byte"},
    {"neither_generator_nor_events.json",
     "neither_generator_nor_events.json:1:1: expected \"generator\", \"events\" or both, found "
     "neither"},
    {"not_an_object.json", "not_an_object.json:1:1: expected an object, got an array"},
    {"scope_bad_path.json",
     "scope_bad_path.json:3:32: /scope/1: expected a field path starting with one of "
     "\"channels\", \"streams\", \"recordings\", \"stages\", \"compositions\", got "
     "\"channel.*.recording\""},
    {"scope_unknown_field.json",
     "scope_unknown_field.json:3:32: /scope/1: expected a field of channels (name, live, "
     "stream_id, recording), got \"lve\""},
    {"syntax_trailing_comma.json",
     "syntax_trailing_comma.json:15:3: invalid JSON: syntax error while parsing value - "
     "unexpected ']'; expected '[', '{', or a literal"},
    {"syntax_truncated.json", "syntax_truncated.json:15:1: invalid JSON: syntax error while "
                              "parsing value - unexpected end of input"},
    {"unknown_top_level_key.json",
     "unknown_top_level_key.json:3:12: /event: expected one of the keys \"description\", "
     "\"generator\", \"scope\", \"events\", \"deliveries\", got \"event\""},
};

TEST(ScenarioFile, EveryBadFileIsRejectedWithALocatedMessage) {
  std::set<std::string> seen;
  for (const fs::path &file : json_files_under(kBad)) {
    const std::string name = file.filename().string();
    SCOPED_TRACE(name);
    seen.insert(name);
    const auto expected = kBadFileMessages.find(name);
    ASSERT_NE(expected, kBadFileMessages.end()) << "no expectation for " << name;
    const std::string message = load_error(file);
    EXPECT_NE(message.find(expected->second), std::string::npos) << message;
    EXPECT_TRUE(message.starts_with(file.string() + ":")) << message;
  }
  EXPECT_EQ(seen.size(), kBadFileMessages.size());
}

TEST(ScenarioFile, MissingFileIsAnInputError) {
  EXPECT_EQ(load_error("/nonexistent/scenario.json"),
            "/nonexistent/scenario.json: cannot read: no such file or not readable");
}

// Test that "+3h" is measured from the event's true time, a second copy is numbered 1 without
// saying so, and hand-written deliveries are sorted by time.
TEST(ScenarioFile, DeliveriesResolveOffsetsCopiesAndOrder) {
  const Scenario scenario =
      load_scenario((kScenarios / "duplicates/stream_start_delivered_twice.json").string());
  ASSERT_TRUE(scenario.plan);
  const Plan &plan = *scenario.plan;
  ASSERT_EQ(plan.deliveries.size(), 5u);
  const Delivery &late_copy = plan.deliveries.back();
  EXPECT_EQ(plan.events[late_copy.event].name, EventName::stream_start);
  EXPECT_EQ(late_copy.deliver_at, plan.events[late_copy.event].time + 3h);
  EXPECT_EQ(late_copy.copy, 1);
  EXPECT_EQ(late_copy.faults, FaultSet(Fault::duplicate).add(Fault::delay));
  EXPECT_EQ(plan.deliveries[1].copy, 0);
  EXPECT_EQ(plan.deliveries[0].deliver_at, plan.events[0].time); // no "at": its true time
  EXPECT_EQ(scenario.scope, (std::vector<std::string>{"channels.*.live", "streams.*.state"}));
}

// Test that a plan's ids carried by different events are found once per id, and copies of one
// event are not reported.
TEST(Plan, IdsSharedByDifferentEventsAreFoundOncePerId) {
  const auto stream_event = [](const std::string &id, const std::string &name) {
    return parse_event(R"({"id":")" + id + R"(","detail-type":"IVS Stream State Change",
      "source":"aws.ivs","time":"2024-03-13T22:09:58Z",
      "resources":["arn:aws:ivs:us-west-2:123456789012:channel/yeJFCbtYkVn5"],
      "detail":{"event_name":")" +
                       name + R"(","channel_name":"","stream_id":"st-1"}})");
  };
  Plan plan;
  plan.events = {stream_event("a", "Stream Start"),  stream_event("b", "Stream Start"),
                 stream_event("a", "Stream Start"),  stream_event("a", "Stream End"),
                 stream_event("b", "Session Ended"), stream_event("a", "Session Ended")};
  const std::vector<SharedId> shared = ids_shared_by_different_events(plan);
  ASSERT_EQ(shared.size(), 2u);
  EXPECT_EQ(std::pair(shared[0].first, shared[0].other), std::pair(0u, 3u));
  EXPECT_EQ(std::pair(shared[1].first, shared[1].other), std::pair(1u, 4u));
  plan.events.resize(3); // event 2 is a copy of event 0
  EXPECT_TRUE(ids_shared_by_different_events(plan).empty());
}

// Test that a stream id named under two channels is found once, at the first event under the
// second channel.
TEST(Plan, StreamsNamedUnderTwoChannelsAreFoundOncePerStream) {
  const auto stream_event = [](const std::string &id, const std::string &channel,
                               const std::string &stream) {
    return parse_event(R"({"id":")" + id + R"(","detail-type":"IVS Stream State Change",
      "source":"aws.ivs","time":"2024-03-13T22:09:58Z",
      "resources":["arn:aws:ivs:us-west-2:123456789012:channel/)" +
                       channel + R"("], "detail":{"event_name":"Stream Start",
      "channel_name":"","stream_id":")" +
                       stream + R"("}})");
  };
  Plan plan;
  plan.events = {stream_event("a", "one", "st-1"), stream_event("b", "one", "st-1"),
                 stream_event("c", "two", "st-2"), stream_event("d", "two", "st-1"),
                 stream_event("e", "three", "st-1")};
  const std::vector<SharedId> shared = streams_under_two_channels(plan);
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(std::pair(shared[0].first, shared[0].other), std::pair(0u, 3u));
  plan.events.resize(3);
  EXPECT_TRUE(streams_under_two_channels(plan).empty());
}

TEST(ScenarioFile, WithoutDeliveriesEachEventGoesOnceAtItsTrueTime) {
  const Scenario scenario =
      load_scenario((kScenarios / "reconnect/stream_reconnects_within_window.json").string());
  ASSERT_TRUE(scenario.plan);
  const Plan &plan = *scenario.plan;
  ASSERT_EQ(plan.deliveries.size(), plan.events.size());
  for (const Delivery &delivery : plan.deliveries) {
    EXPECT_EQ(delivery.deliver_at, plan.events[delivery.event].effective_time().at);
    EXPECT_EQ(delivery.copy, 0);
    EXPECT_TRUE(delivery.faults.empty());
    EXPECT_FALSE(delivery.dropped);
  }
}

TEST(ScenarioFile, GeneratorOnlyScenarioKeepsTheSpecForTheCli) {
  const Scenario scenario = parse_scenario(R"({"generator": {"seed": 7}})", "g.json");
  EXPECT_FALSE(scenario.plan);
  EXPECT_EQ(scenario.generator, nlohmann::ordered_json::parse(R"({"seed": 7})"));
  ASSERT_NE(scenario.source, nullptr);
  EXPECT_EQ(scenario.source->where("/generator/seed"), "g.json:1:24");
}

TEST(ScenarioFile, GeneratorNextToEventsIsProvenance) {
  const Plan plan = *load_scenario((kScenarios / "drops/stream_end_dropped.json").string()).plan;
  Plan with_spec = plan;
  with_spec.generator = {{"seed", 3}};
  const Scenario loaded = parse_scenario(to_scenario_text(scenario_from_plan(with_spec)), "p");
  ASSERT_TRUE(loaded.plan);
  EXPECT_EQ(loaded.generator, with_spec.generator);
  EXPECT_EQ(loaded.plan->generator, with_spec.generator);
}

TEST(ScenarioFile, ImpliedCopiesCountEarlierDeliveriesOfTheSameEvent) {
  std::vector<Delivery> deliveries(4);
  deliveries[0].event = 2;
  deliveries[1].event = 0;
  deliveries[2].event = 2;
  deliveries[3].event = 2;
  EXPECT_EQ(implied_copies(deliveries), (std::vector<std::uint16_t>{0, 0, 1, 2}));
}

TEST(ScenarioFile, SavedTextIsStableAndOneDeliveryPerLine) {
  const Scenario scenario =
      load_scenario((kScenarios / "duplicates/stream_start_delivered_twice.json").string());
  const std::string text = to_scenario_text(scenario);
  EXPECT_EQ(text, to_scenario_text(parse_scenario(text, "again")));
  EXPECT_NE(text.find("\n    {\"event\":\"6401f430-d6bf-4f63-9858-956b269de9dd\",\"at\":"
                      "\"2024-03-14T01:09:58Z\",\"faults\":[\"delay\",\"duplicate\"]}\n"),
            std::string::npos)
      << text;
}

// The replay-relevant parts of two plans agree: the same deliveries, the same bytes for each
// event, and the same typed fields.
void expect_same_replay(const Plan &loaded, const Plan &saved) {
  RC_ASSERT(loaded.deliveries == saved.deliveries);
  RC_ASSERT(loaded.generator == saved.generator);
  RC_ASSERT(loaded.events.size() == saved.events.size());
  for (std::size_t i = 0; i < saved.events.size(); ++i) {
    RC_ASSERT(to_json_text(loaded.events[i]) == to_json_text(saved.events[i]));
    RC_ASSERT(loaded.events[i].with_fields_as_truth() == saved.events[i].with_fields_as_truth());
  }
}

RC_GTEST_PROP(ScenarioFile, SavedPlanLoadsBackEqual, ()) {
  const Plan plan = *testing::gen_plan(/*parsed_events=*/true);
  const Scenario loaded = parse_scenario(to_scenario_text(scenario_from_plan(plan)), "saved.json");
  RC_ASSERT(loaded.plan.has_value());
  RC_ASSERT(*loaded.plan == plan);
}

// Generated events carry no original document; after a save and load they do, so the law
// compares what a replay sends (the bytes) and what the oracle reads (the typed fields).
RC_GTEST_PROP(ScenarioFile, SavedGeneratedPlanReplaysIdentically, ()) {
  const Plan plan = *testing::gen_plan(/*parsed_events=*/false);
  const std::string text = to_scenario_text(scenario_from_plan(plan, "generated"));
  const Scenario loaded = parse_scenario(text, "saved.json");
  RC_ASSERT(loaded.plan.has_value());
  expect_same_replay(*loaded.plan, plan);
  RC_ASSERT(to_scenario_text(loaded) == text);
}

} // namespace
} // namespace ivsim
