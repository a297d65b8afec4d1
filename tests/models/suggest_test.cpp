// Nearest-match hints for misspelt keys and ids.

#include <gtest/gtest.h>

#include "models/suggest.hpp"

namespace courtflow::models {
namespace {

TEST(Suggest, EditDistanceCountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("sever", "servers"), 2u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("Servers", "servers"), 0u);
}

TEST(Suggest, PicksTheNearestPlausibleCandidate) {
  const std::vector<std::string> keys{"id", "servers", "service", "capacity", "horizon_days"};
  EXPECT_EQ(nearest_match("sever", keys), "servers");
  EXPECT_EQ(nearest_match("SERVICE", keys), "service");
  EXPECT_EQ(nearest_match("capcity", keys), "capacity");
  EXPECT_EQ(nearest_match("horizon", keys), "horizon_days");
  EXPECT_EQ(nearest_match("xy", keys), std::nullopt);
  EXPECT_EQ(nearest_match("colour", keys), std::nullopt);
}

TEST(Suggest, DidYouMeanIsEmptyWithoutAMatch) {
  EXPECT_EQ(did_you_mean("sever", {"servers"}), "; did you mean \"servers\"?");
  EXPECT_EQ(did_you_mean("zzz", {"servers"}), "");
}

}  // namespace
}  // namespace courtflow::models
