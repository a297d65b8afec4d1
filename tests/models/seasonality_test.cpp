// An arrival's "seasonality" (month factors, FORMATS.md "Arrival"): read and written back,
// refused when malformed or without a start_date, and compiled into explicit rate steps at
// month boundaries that compose with the arrival's own schedule.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/compile.hpp"
#include "models/diagnostic.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"

namespace models = courtflow::models;

namespace {

const std::string kFactors = "[1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]";

std::string model_text(const std::string& arrival_extra, const std::string& top_extra = R"("start_date": "2024-01-15",)",
                       double horizon = 100) {
  return R"({"courtflow": 1, "name": "seasonal", )" + top_extra + R"( "horizon_days": )" + std::to_string(horizon) +
         R"(,
  "stages": [{"id": "a", "servers": "infinite", "service": {"dist": "fixed", "value": 1}}],
  "arrivals": [{"to": "a", "rate_per_day": 2)" + arrival_extra + R"(}],
  "routes": []})";
}

std::string parse_error(const std::string& text) {
  try {
    models::parse_model_text(text, "m.json");
  } catch (const models::InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> validation_errors(const std::string& text) {
  std::vector<std::string> out;
  for (const models::Diagnostic& d : models::validate(models::parse_model_text(text, "m.json"), "m.json")) {
    if (!d.warning) out.push_back(d.to_string());
  }
  return out;
}

}  // namespace

TEST(Seasonality, ReadAndWrittenBack) {
  const models::Model m = models::parse_model_text(model_text(R"(, "seasonality": {"month_factors": )" + kFactors + "}"), "m.json");
  ASSERT_TRUE(m.arrivals[0].seasonality);
  ASSERT_EQ(m.arrivals[0].seasonality->month_factors.size(), 12u);
  EXPECT_DOUBLE_EQ(m.arrivals[0].seasonality->month_factors[6], 0.5);
  EXPECT_TRUE(validation_errors(model_text(R"(, "seasonality": {"month_factors": )" + kFactors + "}")).empty());
  const auto written = models::to_json(m);
  EXPECT_EQ(written["arrivals"][0]["seasonality"]["month_factors"].size(), 12u);
  const models::Model again = models::parse_model(nlohmann::json::parse(written.dump()), "again.json");
  ASSERT_TRUE(again.arrivals[0].seasonality);
  EXPECT_EQ(again.arrivals[0].seasonality->month_factors, m.arrivals[0].seasonality->month_factors);
  EXPECT_EQ(models::to_json(again).dump(), written.dump());
  // Without the key nothing is written.
  const models::Model plain = models::parse_model_text(model_text(""), "m.json");
  EXPECT_FALSE(plain.arrivals[0].seasonality);
  EXPECT_FALSE(models::to_json(plain)["arrivals"][0].contains("seasonality"));
}

TEST(Seasonality, MalformedIsRefusedNamingTheField) {
  EXPECT_EQ(parse_error(model_text(R"(, "seasonality": [1, 2])")),
            "m.json: arrivals[0].seasonality: must be an object {\"month_factors\": [12 numbers > 0, January to "
            "December]} (got an array)");
  EXPECT_EQ(parse_error(model_text(R"(, "seasonality": {"month_factors": [1, 1, 1]})")),
            "m.json: arrivals[0].seasonality.month_factors: must be an array of 12 numbers > 0, January to December "
            "(got an array of 3)");
  EXPECT_EQ(parse_error(model_text(R"(, "seasonality": {})")),
            "m.json: arrivals[0].seasonality: missing required key \"month_factors\"");
  EXPECT_EQ(parse_error(model_text(R"(, "seasonality": {"month_factors": [1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]})")),
            "m.json: arrivals[0].seasonality.month_factors[3]: must be a number > 0 (got 0)");
  EXPECT_EQ(parse_error(model_text(R"(, "seasonality": {"month_factors": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "x"]})")),
            "m.json: arrivals[0].seasonality.month_factors[11]: must be a number > 0 (got \"x\")");
}

TEST(Seasonality, NeedsAStartDate) {
  const auto errors =
      validation_errors(model_text(R"(, "seasonality": {"month_factors": )" + kFactors + "}", ""));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "m.json: arrivals[0].seasonality: needs the model's \"start_date\": the factors follow calendar months, "
            "counted from it");
  // compile refuses it the same way.
  const models::Model m =
      models::parse_model_text(model_text(R"(, "seasonality": {"month_factors": )" + kFactors + "}", ""), "m.json");
  EXPECT_THROW(models::compile(m, "m.json"), models::InputError);
}

TEST(Seasonality, ValidateRechecksAModelBuiltInCode) {
  models::Model m = models::parse_model_text(model_text(""), "m.json");
  m.arrivals[0].seasonality = models::SeasonalityDef{{1, 2, 3}};
  auto errors = models::validate(m, "m.json");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].to_string(),
            "m.json: arrivals[0].seasonality.month_factors: must be an array of 12 numbers > 0, January to December "
            "(got an array of 3)");
  m.arrivals[0].seasonality = models::SeasonalityDef{std::vector<double>(12, 1.0)};
  m.arrivals[0].seasonality->month_factors[5] = -1;
  errors = models::validate(m, "m.json");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].to_string(), "m.json: arrivals[0].seasonality.month_factors[5]: must be a number > 0 (got -1)");
}

// Day 0 is 2024-01-15: February starts on day 17, March on day 46 (2024 is a leap year), April
// on day 77, May on day 107 (after the horizon of 100).
TEST(Seasonality, CompilesToStepsAtMonthBoundaries) {
  const models::Model m =
      models::parse_model_text(model_text(R"(, "seasonality": {"month_factors": )" + kFactors + "}"), "m.json");
  const auto net = models::compile(m, "m.json");
  const auto& s = net.arrivals[0].schedule;
  ASSERT_EQ(s.size(), 4u);
  const double from[] = {0, 17, 46, 77};
  const double rate[] = {2 * 1.1, 2 * 1.2, 2 * 1.3, 2 * 1.4};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_DOUBLE_EQ(s[k].from, from[k]) << k;
    EXPECT_DOUBLE_EQ(s[k].rate_per_day, rate[k]) << k;
  }
}

TEST(Seasonality, ComposesWithTheArrivalsSchedule) {
  // A step on day 30 (within February) and one on day 77 (with April's boundary).
  const models::Model m = models::parse_model_text(
      model_text(R"(, "schedule": [{"from_day": 30, "rate_per_day": 4}, {"from_day": 77, "rate_per_day": 1}],
                    "seasonality": {"month_factors": )" +
                 kFactors + "}"),
      "m.json");
  const auto net = models::compile(m, "m.json");
  const auto& s = net.arrivals[0].schedule;
  ASSERT_EQ(s.size(), 5u);
  const double from[] = {0, 17, 30, 46, 77};
  const double rate[] = {2 * 1.1, 2 * 1.2, 4 * 1.2, 4 * 1.3, 1 * 1.4};
  for (std::size_t k = 0; k < 5; ++k) {
    EXPECT_DOUBLE_EQ(s[k].from, from[k]) << k;
    EXPECT_DOUBLE_EQ(s[k].rate_per_day, rate[k]) << k;
  }
}

TEST(Seasonality, LongHorizonHasAStepEveryMonth) {
  // Ten years from 2024-01-15: 120 month boundaries after day 0, a step each (factors differ
  // from month to month) plus day 0.
  const models::Model m = models::parse_model_text(
      model_text(R"(, "seasonality": {"month_factors": )" + kFactors + "}", R"("start_date": "2024-01-15",)", 3653),
      "m.json");
  const auto net = models::compile(m, "m.json");
  const auto& s = net.arrivals[0].schedule;
  ASSERT_EQ(s.size(), 121u);
  EXPECT_DOUBLE_EQ(s.back().rate_per_day, 2 * 1.1);  // January 2034
  EXPECT_DOUBLE_EQ(s[6].rate_per_day, 2 * 0.5);      // July 2024
}
