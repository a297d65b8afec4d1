#pragma once
// The what-if page's own files (cli/serve/page/), compiled into the executable by
// cli/serve/embed_page.cmake so that the server reads no file to serve its page, and the page
// put together: index.html with its style, its script and Vega (as report.html inlines it).

#include <string>

namespace courtflow::cli::serve {

extern const char* const kPageHtml;  ///< page/index.html
extern const char* const kPageCss;   ///< page/page.css
extern const char* const kPageJs;    ///< page/page.js

/// index.html with "<!--STYLE-->", "<!--VEGA-->" and "<!--SCRIPT-->" replaced by the style
/// sheet, `vega_runtime` (analysis/report/vega_runtime's <script> elements) and the script.
std::string assemble_page(const std::string& vega_runtime);

}  // namespace courtflow::cli::serve
