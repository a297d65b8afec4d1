#pragma once
// Numbers in plain-words text (bottleneck reasons, notes): fixed decimals in the classic "C"
// locale whatever the user's locale, and "amounts" whose decimals follow their size, so that
// a wait of 0.04 days does not read 0.0 and a queue of 12,345 cases does not read 12345.0.
// Header-only; used by analysis/bottleneck and analysis/bottleneck_ledger.

#include <cmath>
#include <iomanip>
#include <locale>
#include <sstream>
#include <string>

namespace courtflow::analysis {

/// `value` with exactly `decimals` digits after the point ("0.93", "41.2"), "C" locale.
inline std::string fixed_text(double value, int decimals) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::fixed << std::setprecision(decimals) << value;
  std::string text = out.str();
  if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-') text.erase(0, 1);  // no "-0.0"
  return text;
}

/// Decimals for an amount of this size: two below 1 (but not for 0), one below 100, none above.
inline int amount_decimals(double value) {
  const double size = std::fabs(value);
  return size < 1 && value != 0 ? 2 : size < 100 ? 1 : 0;
}

/// "0.04", "12.3", "221", "146,390": fixed_text with amount_decimals, and commas between
/// groups of three digits from 10,000 up (for people reading sentences, not for parsing).
inline std::string amount_text(double value) {
  std::string text = fixed_text(value, amount_decimals(value));
  if (!(std::fabs(value) >= 10000) || !std::isfinite(value)) return text;
  const std::size_t first = text.front() == '-' ? 1 : 0;
  const std::size_t point = text.find('.');
  for (std::size_t end = point == std::string::npos ? text.size() : point; end > first + 3; end -= 3) {
    text.insert(end - 3, 1, ',');
  }
  return text;
}

/// A duration in days for a sentence: amount_text, but "under 0.01" for a positive value that
/// would otherwise read 0.00.
inline std::string days_text(double value) {
  if (value > 0 && value < 0.005) return "under 0.01";
  return amount_text(value);
}

/// A share as a whole percentage: 0.404 -> "40%"; below 1% (but above 0) -> "<1%".
inline std::string percent_text(double share) {
  if (share > 0 && share < 0.005) return "<1%";
  return fixed_text(100 * share, 0) + "%";
}

}  // namespace courtflow::analysis
