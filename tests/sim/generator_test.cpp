#include "ivsim/sim/generator.hpp"

#include "ivsim/rapidcheck.hpp"

#include "ivsim/error.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

namespace ivsim::sim {
namespace {

using Json = nlohmann::ordered_json;

std::string error_of(const Json &json, const std::string &pointer = "") {
  try {
    parse_generator_spec(json, pointer);
  } catch (const InputError &error) {
    return error.what();
  }
  return "no error";
}

RC_GTEST_PROP(GeneratorSpec, JsonRoundTripsExactly, ()) {
  const GeneratorSpec spec = *rc_gen::generator_spec();
  RC_ASSERT(to_json(parse_generator_spec(to_json(spec))) == to_json(spec));
}

TEST(GeneratorSpec, EmptyObjectIsTheDefaultSpec) {
  EXPECT_EQ(to_json(parse_generator_spec(Json::object())), to_json(GeneratorSpec{}));
}

TEST(GeneratorSpec, PresetIsAppliedBeforeTheOtherFaultKnobs) {
  const GeneratorSpec spec = parse_generator_spec(
      Json::parse(R"({"seed": 42, "faults": {"drop_probability": 0.5, "preset": "hostile"}})"));
  FaultOptions hostile;
  apply_preset(hostile, "hostile");
  EXPECT_EQ(spec.seed, 42U);
  EXPECT_EQ(spec.faults.drop_probability, 0.5);
  EXPECT_EQ(spec.faults.group_probability, hostile.group_probability);
}

TEST(GeneratorSpec, UnknownKeyNamesItsPointerAndSuggestsTheKnob) {
  EXPECT_EQ(error_of(Json::parse(R"({"world": {"chanels": 3}})")),
            "/world/chanels: unknown world option \"chanels\"; did you mean \"channels\"?");
  EXPECT_EQ(error_of(Json::parse(R"({"sed": 3})"), "/generator"),
            "/generator/sed: unknown key \"sed\"; expected \"seed\", \"world\" or \"faults\"");
  EXPECT_EQ(error_of(Json::parse(R"({"faults": {"a/b": 1}})")),
            "/faults/a~1b: unknown faults option \"a/b\"");
}

TEST(GeneratorSpec, WrongTypeNamesItsPointer) {
  EXPECT_EQ(error_of(Json::parse(R"({"world": {"channels": "3"}})")),
            "/world/channels: expected a whole number from 0 to 100000, got \"3\"");
  EXPECT_EQ(error_of(Json::parse(R"({"faults": {"late_max": 3}})"), "/generator"),
            "/generator/faults/late_max: expected a duration like \"90s\" or \"3h\" from \"0s\" "
            "to \"24h\", got 3");
  EXPECT_EQ(error_of(Json::parse(R"({"seed": -1})")),
            "/seed: expected a whole number from 0 to 18446744073709551615, got -1");
  EXPECT_EQ(error_of(Json::parse(R"({"world": []})")),
            "/world: expected an object of world options like {\"channels\": 3}, got an array");
  EXPECT_EQ(error_of(Json::parse(R"({"world": {"recording_start_on_reconnect": 1}})")),
            "/world/recording_start_on_reconnect: expected true or false, got 1");
}

TEST(GeneratorSpec, OutOfRangeValueNamesItsPointer) {
  EXPECT_EQ(error_of(Json::parse(R"({"faults": {"drop_probability": 1.5}})")),
            "/faults/drop_probability: expected a probability from 0 to 1, got 1.5");
  EXPECT_EQ(error_of(Json::parse(R"({"faults": {"drop_by_kind": {"Stream End": -0.1}}})")),
            "/faults/drop_by_kind/Stream End: expected a probability from 0 to 1, got -0.1");
  EXPECT_EQ(error_of(Json::parse(R"({"world": {"reconnect_window_max": "6m"}})")),
            "/world/reconnect_window_max: expected a duration like \"90s\" or \"3h\" from \"0s\" "
            "to \"5m\", got \"6m\"");
  EXPECT_EQ(error_of(Json::parse(R"({"faults": {"late_min": "2h", "late_max": "1h"}})")),
            "/faults/late_min: expected at most late_max (\"1h\"), got \"2h\"");
}

TEST(GeneratorSpec, BadTextAndKindsAreRejected) {
  EXPECT_EQ(error_of(Json::parse(R"({"world": {"account": "12345"}})")),
            "/world/account: expected a 12-digit AWS account id, got \"12345\"");
  EXPECT_EQ(error_of(Json::parse(R"({"faults": {"drop_by_kind": {"Stream Ende": 1}}})")),
            "/faults/drop_by_kind/Stream Ende: expected an IVS event name (\"Stream End\") or "
            "detail-type (\"IVS Limit Breach\"), got \"Stream Ende\"");
  EXPECT_EQ(error_of(Json::parse(R"({"faults": {"preset": "evil"}})")),
            "/faults/preset: unknown fault preset \"evil\"; expected \"none\", \"realistic\" or "
            "\"hostile\"");
}

TEST(Knobs, EveryKnobHasHelpAUniqueNameAndReadsBackWhatWasSet) {
  std::set<std::string> names;
  GeneratorSpec spec;
  for (const KnobInfo &knob : knobs()) {
    EXPECT_TRUE(knob.section == "world" || knob.section == "faults");
    EXPECT_FALSE(knob.help.empty()) << knob.name;
    EXPECT_TRUE(names.insert(std::string(knob.section) + "/" + std::string(knob.name)).second);
    const Json value = get_knob(spec, knob);
    set_knob(spec, knob, value, "/x");
    EXPECT_EQ(get_knob(spec, knob), value) << knob.name;
  }
  EXPECT_EQ(to_json(spec), to_json(GeneratorSpec{}));
}

TEST(Knobs, SetKnobChangesOnlyThatKnob) {
  GeneratorSpec spec;
  const KnobInfo &channels = *std::find_if(knobs().begin(), knobs().end(),
                                           [](const KnobInfo &k) { return k.name == "channels"; });
  set_knob(spec, channels, 7, "/world/channels");
  EXPECT_EQ(spec.world.channels, 7U);
  GeneratorSpec expected;
  expected.world.channels = 7;
  EXPECT_EQ(to_json(spec), to_json(expected));
  EXPECT_THROW(set_knob(spec, channels, -1, "/world/channels"), InputError);
}

TEST(Presets, AreOrderedByHostilityAndRealisticIsTheDefault) {
  EXPECT_EQ(preset_names(), (std::vector<std::string>{"none", "realistic", "hostile"}));
  FaultOptions realistic;
  realistic.drop_probability = 0.9;
  apply_preset(realistic, "realistic");
  EXPECT_EQ(to_json(GeneratorSpec{1, {}, realistic}), to_json(GeneratorSpec{}));
  double previous = -1;
  for (const std::string &name : preset_names()) {
    FaultOptions faults;
    apply_preset(faults, name);
    EXPECT_GT(faults.late_probability + faults.duplicate_probability, previous) << name;
    previous = faults.late_probability + faults.duplicate_probability;
  }
  FaultOptions faults;
  EXPECT_THROW(apply_preset(faults, "Hostile"), InputError);
}

TEST(Generate, RecordsItsSpecAndRejectsInvalidOptions) {
  GeneratorSpec spec;
  spec.world.duration = std::chrono::hours{1};
  const Plan plan = generate(spec);
  EXPECT_EQ(plan.generator, to_json(spec));
  EXPECT_NO_THROW(validate(plan));
  spec.faults.swap_probability = 2;
  try {
    generate(spec);
    FAIL() << "expected an InputError";
  } catch (const InputError &error) {
    EXPECT_STREQ(error.what(),
                 "/faults/swap_probability: expected a probability from 0 to 1, got 2.0");
  }
}

} // namespace
} // namespace ivsim::sim
