#pragma once
// Field paths for diagnostics, in the style `stages[3].service.mean`: top-level keys bare,
// array items as `[i]`, object keys after a dot, and keys that are not plain identifiers
// quoted in brackets (`service_by_type["fast track"]`). Used by model_json and validate so
// that both name fields the same way.

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace courtflow::models {

/// True for keys written bare in a path: [A-Za-z_][A-Za-z0-9_]*.
inline bool is_plain_key(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0])) != 0) return false;
  for (const char c : key) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

/// `parent.key` (or `key` at top level); `parent["key"]` when the key is not plain.
inline std::string field_path(const std::string& parent, std::string_view key) {
  if (!is_plain_key(key)) {
    std::string quoted = "[\"";
    for (const char c : key) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return parent + quoted + "\"]";
  }
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

/// `parent[index]`.
inline std::string item_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

}  // namespace courtflow::models
