// JSON input files: encoding checks, syntax errors with line and column, size limits.

#include "models/json_input.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include "models/diagnostic.hpp"
#include "models/utf8.hpp"

namespace courtflow::models {
namespace {

using nlohmann::json;

[[noreturn]] void fail_at(const std::string& file, const std::string& where, const std::string& message) {
  throw InputError(Diagnostic{file, where, message, false});
}

/// Index of the first byte that is not part of well-formed UTF-8 (utf8.hpp), or of the first
/// NUL byte; nullopt if none. A NUL cannot sit inside a well-formed multi-byte character, so
/// the earlier of the two is the first bad byte.
std::optional<std::size_t> first_bad_byte(std::string_view text) {
  const std::optional<std::size_t> invalid = first_invalid_utf8(text);
  const std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos) return invalid;
  return invalid ? std::min(*invalid, nul) : nul;
}

/// `line L, column C` (both from 1; columns count characters, not bytes) of a byte index.
/// An index at or past the end names the position just after the last character.
std::string position(std::string_view text, std::size_t index) {
  index = std::min(index, text.size());
  std::size_t line = 1, column = 1;
  std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // a BOM takes no column
  for (std::size_t i = start; i < index; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count the first byte of each character only
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// nlohmann's parse_error text without its "[json.exception...] parse error at ...: " and
/// "syntax error while parsing X - " prefixes: what is left says what was found and expected.
std::string syntax_message(const std::string& what) {
  std::string message = what;
  if (const auto colon = message.find(": "); colon != std::string::npos) {
    message = message.substr(colon + 2);
  }
  if (const auto dash = message.find(" - "); dash != std::string::npos) {
    message = message.substr(dash + 3);
  }
  // nlohmann quotes the token it was reading, which can be the rest of a huge one-line file:
  // keep its start, so the message stays one short line.
  const std::string marker = "last read: '";
  if (const auto p = message.find(marker); p != std::string::npos) {
    const std::size_t start = p + marker.size();
    std::size_t end = message.rfind("'; expected");
    if (end == std::string::npos || end < start) end = message.rfind('\'');
    if (end != std::string::npos && end > start && end - start > 40) {
      std::size_t cut = start + 30;
      while (cut > start && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;  // whole characters
      message = message.substr(0, cut) + "..." + message.substr(end);
    }
  }
  return "invalid JSON: " + message;
}

}  // namespace

json parse_json_text(const std::string& text, const std::string& file, std::string_view kind) {
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; })) {
    fail_at(file, "", "file is empty");
  }
  const std::string must_be = "a " + std::string(kind) + " must be UTF-8 JSON text";
  if (const auto bad = first_bad_byte(text)) {
    if (text[*bad] == '\0') fail_at(file, position(text, *bad), "binary data (a NUL byte): " + must_be);
    fail_at(file, position(text, *bad), "not valid UTF-8: " + must_be);
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte counts the characters read, so the offending one is at index byte - 1.
    fail_at(file, position(text, e.byte == 0 ? 0 : e.byte - 1), syntax_message(e.what()));
  } catch (const json::out_of_range& e) {
    // 406: a number too large for a double, e.g. 1e400. nlohmann gives no position, but it
    // quotes the number: the first occurrence of that text is the culprit.
    const std::string what = e.what();
    const auto open = what.find('\'');
    const auto close = what.rfind('\'');
    if (open != std::string::npos && close > open) {
      const std::string number = what.substr(open + 1, close - open - 1);
      const auto at = text.find(number);
      fail_at(file, at == std::string::npos ? "" : position(text, at), "number " + number + " is too large");
    }
    fail_at(file, "", std::string("invalid JSON: ") + e.what());
  } catch (const json::exception& e) {
    fail_at(file, "", std::string("invalid JSON: ") + e.what());
  }
}

std::string read_text_file(const std::filesystem::path& path, std::string_view kind, std::uintmax_t max_bytes) {
  const std::string file = path.string();
  const auto fail = [&](const std::string& message) { throw InputError(Diagnostic{file, "", message, false}); };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) fail("cannot open: " + ec.message());  // e.g. a symlink loop
  if (!std::filesystem::exists(status)) fail("cannot open: no such file");
  if (std::filesystem::is_directory(status)) fail("cannot open: it is a directory, not a file");
  // Refuse to read gigabytes by mistake.
  if (std::filesystem::is_regular_file(status)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
      fail("file is too large for a " + std::string(kind) + " (over " + std::to_string(max_bytes / (1024 * 1024)) +
           " MiB)");
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open: " + std::generic_category().message(errno));
  // Read in blocks up to the cap: a pipe or a device (/dev/zero, /dev/stdin) has no size to
  // check beforehand, and reading it whole could take all the memory there is.
  std::string text;
  constexpr std::size_t kBlock = 1 << 16;
  while (in) {
    const std::size_t at = text.size();
    text.resize(at + kBlock);
    in.read(text.data() + at, static_cast<std::streamsize>(kBlock));
    text.resize(at + static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      fail("file is too large for a " + std::string(kind) + " (over " + std::to_string(max_bytes / (1024 * 1024)) +
           " MiB)");
    }
  }
  if (in.bad()) fail("cannot read: " + std::generic_category().message(errno));
  return text;
}

json read_json_file(const std::filesystem::path& path, std::string_view kind) {
  return parse_json_text(read_text_file(path, kind), path.string(), kind);
}

}  // namespace courtflow::models
