// The what-if page put together (see page_assets.hpp).
#include "cli/serve/page_assets.hpp"

#include <stdexcept>

namespace courtflow::cli::serve {
namespace {

void replace_marker(std::string& page, const std::string& marker, const std::string& with) {
  const std::size_t at = page.find(marker);
  if (at == std::string::npos) throw std::logic_error("page/index.html lacks " + marker);
  page.replace(at, marker.size(), with);
}

}  // namespace

std::string assemble_page(const std::string& vega_runtime) {
  std::string page = kPageHtml;
  replace_marker(page, "<!--STYLE-->", std::string("<style>\n") + kPageCss + "</style>");
  replace_marker(page, "<!--VEGA-->", vega_runtime);
  replace_marker(page, "<!--SCRIPT-->", std::string("<script>\n") + kPageJs + "</script>");
  return page;
}

}  // namespace courtflow::cli::serve
