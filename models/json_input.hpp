#pragma once
// Reading JSON input files: the text checks every JSON loader shares (an empty file, binary
// data, invalid UTF-8, a syntax error reported as `line L, column C`, a file too large to be
// what it claims). Bad input throws InputError naming the file as the caller gave it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace courtflow::models {

/// Parses JSON text. `file` names it in diagnostics; `kind` says what it should be in
/// messages ("a model file must be UTF-8 JSON text").
nlohmann::json parse_json_text(const std::string& text, const std::string& file,
                               std::string_view kind = "model file");

/// Reads a whole file of at most `max_bytes` bytes as text, with clear errors for a missing
/// file, a directory or an unreadable one.
std::string read_text_file(const std::filesystem::path& path, std::string_view kind = "model file",
                           std::uintmax_t max_bytes = 256u * 1024u * 1024u);

/// read_text_file then parse_json_text.
nlohmann::json read_json_file(const std::filesystem::path& path, std::string_view kind = "model file");

}  // namespace courtflow::models
