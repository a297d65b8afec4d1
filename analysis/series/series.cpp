// Reading and checking aggregate series (series.hpp).

#include "analysis/series/series.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "analysis/number_text.hpp"
#include "models/utf8.hpp"
#include "models/dates.hpp"
#include "models/diagnostic.hpp"

namespace courtflow::analysis::series {
namespace {

using models::Diagnostic;
using models::InputError;

[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& message) {
  throw InputError(Diagnostic{file, where, message, false});
}

std::string line_at(std::size_t line) { return "line " + std::to_string(line); }
std::string cell_at(std::size_t line, const std::string& column) {
  return "line " + std::to_string(line) + ", column " + column;
}

// Splits one CSV record (RFC 4180 quotes; no line breaks inside quotes). nullopt if a quote
// is left open.
std::optional<std::vector<std::string>> split_record(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  if (quoted) return std::nullopt;
  cells.push_back(cell);
  return cells;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// A count: a finite number >= 0 (published counts are whole, but derived series such as
// capacity per quarter need not be).
double parse_count(const std::string& text, const std::string& file, std::size_t line, const std::string& column) {
  if (text.empty()) fail(file, cell_at(line, column), "missing (every row needs receipts, disposals and outstanding)");
  double value = 0;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  if (ec != std::errc() || end != last || !std::isfinite(value)) {
    fail(file, cell_at(line, column), "must be a number (got \"" + text + "\")");
  }
  if (value < 0) fail(file, cell_at(line, column), "must be a count >= 0 (got " + text + ")");
  // No court series comes near a trillion; larger numbers are corrupt cells that would
  // otherwise overflow the fitted rates (inf) far from this line.
  if (value > 1e12) fail(file, cell_at(line, column), "must be a count of at most 1e12 (got " + text + ")");
  return value;
}

bool is_month_end(std::int64_t day) {
  const models::CivilDate d = models::civil_from_days(day);
  return d.day == models::days_in_month(d.year, d.month);
}

std::int64_t months_index(std::int64_t day) {
  const models::CivilDate d = models::civil_from_days(day);
  return d.year * 12 + static_cast<std::int64_t>(d.month) - 1;
}

std::int64_t month_end_of(std::int64_t months) {
  const std::int64_t year = months >= 0 ? months / 12 : (months - 11) / 12;
  const unsigned month = static_cast<unsigned>(months - year * 12) + 1;
  return models::days_from_civil({year, month, models::days_in_month(year, month)});
}

// Orders a stage's periods and checks that they are equally long with no gaps.
void check_regular(StageSeries& s, const std::string& file) {
  std::sort(s.periods.begin(), s.periods.end(), [](const Period& a, const Period& b) { return a.end_day < b.end_day; });
  const auto date = [](std::int64_t d) { return models::format_iso_date(d); };
  if (s.periods.size() < 2) {
    fail(file, line_at(s.periods.front().line),
         "stage \"" + s.stage + "\" has a single period; a series needs at least two");
  }
  const bool months = std::all_of(s.periods.begin(), s.periods.end(), [](const Period& p) { return is_month_end(p.end_day); });
  std::int64_t step = 0;  // months or days
  const auto distance = [&](std::size_t i) {
    return months ? months_index(s.periods[i].end_day) - months_index(s.periods[i - 1].end_day)
                  : s.periods[i].end_day - s.periods[i - 1].end_day;
  };
  for (std::size_t i = 1; i < s.periods.size(); ++i) step = step == 0 ? distance(i) : std::min(step, distance(i));
  for (std::size_t i = 1; i < s.periods.size(); ++i) {
    const std::int64_t d = distance(i);
    if (d == step) continue;
    const Period& p = s.periods[i];
    const std::string unit = months ? (step == 1 ? " month" : " months") : (step == 1 ? " day" : " days");
    if (d % step != 0) {
      fail(file, line_at(p.line),
           "stage \"" + s.stage + "\": period ending " + date(p.end_day) + " is " + std::to_string(d) +
               (months ? " months" : " days") + " after the previous one (" + date(s.periods[i - 1].end_day) +
               "), but periods are " + std::to_string(step) + unit + " long elsewhere");
    }
    const std::int64_t missing_end = months ? month_end_of(months_index(s.periods[i - 1].end_day) + step)
                                            : s.periods[i - 1].end_day + step;
    fail(file, line_at(p.line),
         "stage \"" + s.stage + "\": gap: no period ending " + date(missing_end) + " between " +
             date(s.periods[i - 1].end_day) + " and " + date(p.end_day) + " (" + std::to_string(d / step - 1) +
             " missing)");
  }
  if (months) {
    s.months_per_period = static_cast<int>(step);
  } else {
    s.period_days = step;
  }
}

// Longest line read: a series row is well under 1 KiB; a longer one means the file is not a
// line-oriented CSV (a binary file, one huge line), and is refused before it is held whole.
constexpr std::size_t kMaxLineBytes = 1 << 20;

// std::getline with the cap above: false at the end of the input.
bool read_line(std::istream& in, std::string& text, const std::string& file, std::size_t line_no) {
  text.clear();
  std::streambuf* buf = in.rdbuf();
  using traits = std::char_traits<char>;
  for (int c = buf->sbumpc(); c != traits::eof(); c = buf->sbumpc()) {
    if (c == '\n') return true;
    if (text.size() == kMaxLineBytes) {
      fail(file, line_at(line_no), "line longer than " + std::to_string(kMaxLineBytes / 1024) +
                                       " KiB (not a line-oriented CSV file?)");
    }
    text += static_cast<char>(c);
  }
  return !text.empty();
}

}  // namespace

double StageSeries::days_in(std::size_t i) const {
  if (months_per_period == 0) return static_cast<double>(period_days);
  const std::int64_t end = periods[i].end_day;
  const std::int64_t previous = month_end_of(months_index(end) - months_per_period);
  return static_cast<double>(end - previous);
}

int StageSeries::seasons() const {
  if (months_per_period <= 0 || months_per_period >= 12 || 12 % months_per_period != 0) return 0;
  return 12 / months_per_period;
}

int StageSeries::season_of(std::int64_t end_day) const {
  const int s = seasons();
  if (s == 0) return 0;
  const std::int64_t m = months_index(end_day) % 12;  // 0 = January
  return static_cast<int>(m / months_per_period);
}

std::int64_t StageSeries::end_after(std::int64_t end_day, int steps) const {
  if (months_per_period == 0) return end_day + period_days * steps;
  return month_end_of(months_index(end_day) + static_cast<std::int64_t>(months_per_period) * steps);
}

std::optional<std::size_t> StageSeries::index_of(std::int64_t end_day) const {
  for (std::size_t i = 0; i < periods.size(); ++i) {
    if (periods[i].end_day == end_day) return i;
  }
  return std::nullopt;
}

const StageSeries* Series::find(const std::string& stage) const {
  for (const StageSeries& s : stages) {
    if (s.stage == stage) return &s;
  }
  return nullptr;
}

Series parse_series(std::istream& in, const std::string& file) {
  Series series;
  series.file = file;
  std::string text;
  std::size_t line_no = 0;
  if (!read_line(in, text, file, 1)) fail(file, "", "empty file (expected a header: period_end,stage,receipts,disposals,outstanding)");
  ++line_no;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // byte-order mark
  if (!text.empty() && text.back() == '\r') text.pop_back();
  const auto header = split_record(text);
  if (!header) fail(file, line_at(1), "unterminated quote in the header");
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < header->size(); ++c) {
    const std::string name = trim((*header)[c]);
    if (!column.emplace(name, c).second) fail(file, line_at(1), "column \"" + name + "\" appears twice");
  }
  for (const char* required : {"period_end", "stage", "receipts", "disposals", "outstanding"}) {
    if (!column.count(required)) {
      fail(file, line_at(1),
           std::string("missing column \"") + required +
               "\" (needs period_end, stage, receipts, disposals, outstanding; optional capacity)");
    }
  }
  series.has_capacity_column = column.count("capacity") > 0;
  const auto cell = [&](const std::vector<std::string>& cells, const std::string& name) {
    const std::size_t c = column.at(name);
    return c < cells.size() ? trim(cells[c]) : std::string();
  };

  std::map<std::string, std::size_t> stage_index;
  std::map<std::pair<std::string, std::int64_t>, std::size_t> seen;  // (stage, end) -> line
  while (read_line(in, text, file, line_no + 1)) {
    ++line_no;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (trim(text).empty()) continue;
    // Stage names end up in JSON outputs: refuse other encodings here, with the line.
    if (models::first_invalid_utf8(text)) fail(file, line_at(line_no), models::kNotUtf8Message);
    const auto cells = split_record(text);
    if (!cells) fail(file, line_at(line_no), "unterminated quote");
    if (cells->size() != header->size()) {
      fail(file, line_at(line_no),
           "has " + std::to_string(cells->size()) + " fields, the header has " + std::to_string(header->size()));
    }
    Period p;
    p.line = line_no;
    const std::string date = cell(*cells, "period_end");
    const std::optional<std::int64_t> day = models::parse_iso_date(date);
    if (!day) fail(file, cell_at(line_no, "period_end"), "must be a date YYYY-MM-DD (got \"" + date + "\")");
    p.end_day = *day;
    const std::string stage = cell(*cells, "stage");
    if (stage.empty()) fail(file, cell_at(line_no, "stage"), "missing");
    p.receipts = parse_count(cell(*cells, "receipts"), file, line_no, "receipts");
    p.disposals = parse_count(cell(*cells, "disposals"), file, line_no, "disposals");
    p.outstanding = parse_count(cell(*cells, "outstanding"), file, line_no, "outstanding");
    if (series.has_capacity_column) {
      const std::string cap = cell(*cells, "capacity");
      if (!cap.empty()) {
        p.capacity = parse_count(cap, file, line_no, "capacity");
        if (*p.capacity == 0) fail(file, cell_at(line_no, "capacity"), "must be > 0 when given (leave it empty if unknown)");
      }
    }
    const auto [it, fresh] = seen.emplace(std::make_pair(stage, p.end_day), line_no);
    if (!fresh) {
      fail(file, line_at(line_no),
           "duplicate period: stage \"" + stage + "\" already has a row for " + date + " (line " +
               std::to_string(it->second) + ")");
    }
    auto [si, added] = stage_index.emplace(stage, series.stages.size());
    if (added) series.stages.push_back(StageSeries{stage, 0, 0, {}});
    series.stages[si->second].periods.push_back(p);
  }
  if (series.stages.empty()) fail(file, "", "no rows after the header");
  for (StageSeries& s : series.stages) check_regular(s, file);
  return series;
}

Series load_series(const std::filesystem::path& path) {
  // A directory opens as a stream on Linux and fails only on the first read, with a raw
  // stream error: say what is wrong before that.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(path.string(), "", "cannot open: it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path.string(), "", std::filesystem::exists(path, ec) ? "cannot open the file" : "cannot open: no such file");
  return parse_series(in, path.string());
}

std::vector<BalanceCheck> flow_balance(const StageSeries& stage) {
  std::vector<BalanceCheck> checks;
  for (std::size_t i = 1; i < stage.periods.size(); ++i) {
    const Period& p = stage.periods[i];
    checks.push_back(BalanceCheck{
        p.end_day, p.outstanding - stage.periods[i - 1].outstanding - p.receipts + p.disposals, p.outstanding});
  }
  return checks;
}

std::string describe_balance(const std::vector<BalanceCheck>& checks) {
  std::size_t off = 0;
  double net = 0;
  const BalanceCheck* largest = nullptr;
  for (const BalanceCheck& c : checks) {
    if (std::abs(c.mismatch) < 0.5) continue;
    ++off;
    net += c.mismatch;
    if (!largest || std::abs(c.mismatch) > std::abs(largest->mismatch)) largest = &c;
  }
  if (off == 0) return {};
  std::ostringstream out;
  // Counts are usually whole: no decimals then ("+5", not "+5.0").
  const auto signed_count = [](double v) {
    const double a = std::abs(v);
    return std::string(v > 0 ? "+" : v < 0 ? "-" : "") + (a == std::round(a) && a < 100 ? fixed_text(a, 0) : amount_text(a));
  };
  out << "in " << off << " of " << checks.size() << " periods; largest " << signed_count(largest->mismatch) << " at "
      << models::format_iso_date(largest->end_day);
  if (largest->outstanding > 0) {
    out << " (" << fixed_text(100 * std::abs(largest->mismatch) / largest->outstanding, 1) << "% of outstanding)";
  }
  out << "; net " << signed_count(net);
  return out.str();
}

}  // namespace courtflow::analysis::series
