#pragma once
// "Did you mean ...?" hints for misspelt keys and ids. Given a word that was not recognised
// and the words that would have been, picks the closest one by edit distance, or none when
// nothing is close enough to be a plausible typo.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace courtflow::models {

/// Levenshtein distance between two strings, ignoring ASCII case. O(|a|·|b|).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate most like `word`: an exact match ignoring case, else the nearest by edit
/// distance if it is within max(2, |word|/3) edits (1 for words of up to three letters), else one that starts with `word` (for
/// words of three or more letters, e.g. "horizon" -> "horizon_days"). Ties go to the earlier
/// candidate. nullopt when none qualifies.
std::optional<std::string> nearest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

/// `; did you mean "X"?` for the nearest match, or an empty string.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace courtflow::models
