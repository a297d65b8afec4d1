#pragma once
// Running Graphviz's `dot` to turn the stage graph's dot text (models/graphviz) into SVG, for
// `courtflow graph --format svg` and the report's stage diagram. Problems (no dot on PATH, a
// failed run) are thrown as ToolError (exit 1): the input was fine, the machine lacks a tool.

#include <filesystem>
#include <string>

namespace courtflow::cli {

/// The first executable "dot" on PATH, or an empty path.
std::filesystem::path find_dot();

/// Runs `dot -Tsvg` on `dot_text` (through two scratch files in the temporary folder, removed
/// afterwards) and returns the SVG text. `dot` is find_dot()'s answer; empty: ToolError naming
/// the package to install.
std::string render_svg(const std::filesystem::path& dot, const std::string& dot_text);

}  // namespace courtflow::cli
