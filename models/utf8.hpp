#pragma once
// Checking that text read from a file is UTF-8 before it reaches an output: names from the
// file (stages, activities, case types) are written into JSON, and a byte that is not UTF-8
// there would fail the whole run after the work is done. The JSON reader (json_input) and the
// CSV readers of analysis/ call this and refuse the file with the position, naming the likely
// cause (another encoding).

#include <cstddef>
#include <optional>
#include <string_view>

namespace courtflow::models {

/// Index of the first byte of `text` that is not part of well-formed UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF are ill-formed); nullopt when all of it is.
inline std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + length > text.size() || byte(i + 1) < lo || byte(i + 1) > hi) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
    }
    i += length;
  }
  return std::nullopt;
}

/// The message for a record that is not UTF-8 (the byte's column counted in bytes from 1).
inline constexpr const char* kNotUtf8Message = "not valid UTF-8 text (saved in another encoding, such as Latin-1? convert it, "
                                     "e.g. with iconv -f latin1 -t utf-8)";

}  // namespace courtflow::models
