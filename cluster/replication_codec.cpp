// The binary form of replication results (replication_codec.hpp). Fields are written one by
// one, in declaration order, never as raw structs, so padding never travels. The
// static_asserts below fail the build when a field is added to the engine's result types:
// then add it here (and to the round-trip test), or results sent between ranks would lose it.
#include "cluster/replication_codec.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>

namespace courtflow::cluster {
namespace {

static_assert(std::numeric_limits<double>::is_iec559 && sizeof(double) == 8, "doubles must be IEEE 754 binary64");
#if defined(__x86_64__) || defined(__aarch64__)
static_assert(sizeof(sim::StageStats) == 96, "sim::StageStats changed: update cluster/replication_codec.cpp");
static_assert(sizeof(sim::CaseTypeStats) == 40, "sim::CaseTypeStats changed: update cluster/replication_codec.cpp");
static_assert(sizeof(sim::PeriodSeries) == 64, "sim::PeriodSeries changed: update cluster/replication_codec.cpp");
static_assert(sizeof(sim::ReplicationResult) == 176,
              "sim::ReplicationResult changed: update cluster/replication_codec.cpp");
#endif

constexpr std::uint32_t kMagic = 0x43465252;  // "CFRR": courtflow replication results
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kByteOrderProbe = 0x01020304;

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void i64(std::int64_t v) { raw(&v, sizeof v); }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void doubles(const std::vector<double>& v) {
    u64(v.size());
    for (const double x : v) f64(x);
  }

 private:
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  std::uint32_t u32() { return take<std::uint32_t>(); }
  std::uint64_t u64() { return take<std::uint64_t>(); }
  std::int64_t i64() { return take<std::int64_t>(); }
  double f64() { return std::bit_cast<double>(u64()); }
  /// A count of items of `item_bytes` each that must still fit in the message.
  std::size_t count(std::size_t item_bytes) {
    const std::uint64_t n = u64();
    if (item_bytes > 0 && n > (in_.size() - at_) / item_bytes) fail("a count larger than the message");
    return static_cast<std::size_t>(n);
  }
  std::vector<double> doubles() {
    std::vector<double> v(count(8));
    for (double& x : v) x = f64();
    return v;
  }
  bool done() const { return at_ == in_.size(); }
  [[noreturn]] void fail(const std::string& what) const {
    throw CodecError("replication results message: " + what + " (at byte " + std::to_string(at_) + " of " +
                     std::to_string(in_.size()) + ")");
  }

 private:
  template <class T>
  T take() {
    if (in_.size() - at_ < sizeof(T)) fail("truncated");
    T v;
    std::memcpy(&v, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  const std::string& in_;
  std::size_t at_ = 0;
};

void write_flow(Writer& w, const sim::CaseTypeStats& s) {
  w.f64(s.time_in_system_sum);
  w.u64(s.arrivals);
  w.u64(s.completed);
  w.u64(s.abandoned);
  w.u64(s.wip_end);
}

sim::CaseTypeStats read_flow(Reader& r) {
  sim::CaseTypeStats s;
  s.time_in_system_sum = r.f64();
  s.arrivals = r.u64();
  s.completed = r.u64();
  s.abandoned = r.u64();
  s.wip_end = r.u64();
  return s;
}

void write_result(Writer& w, const sim::ReplicationResult& res) {
  w.i64(res.replication);
  w.f64(res.observed_days);
  w.u64(res.stages.size());
  for (const sim::StageStats& s : res.stages) {
    w.u64(s.infinite ? 1 : 0);
    w.f64(s.busy_time);
    w.f64(s.available_time);
    w.f64(s.queue_area);
    w.f64(s.wait_sum);
    w.u64(s.services_started);
    w.u64(s.arrivals);
    w.u64(s.completed);
    w.u64(s.abandoned);
    w.u64(s.wip_end);
    w.u64(s.waiting_end);
    w.f64(s.wip_end_age_sum);
  }
  w.u64(res.case_types.size());
  for (const sim::CaseTypeStats& s : res.case_types) write_flow(w, s);
  write_flow(w, res.system);
  w.doubles(res.series.period_ends);
  w.f64(res.series.age_threshold_days);
  w.i64(res.series.rows_per_period);
  w.doubles(res.series.values);
  w.u64(res.events);
}

sim::ReplicationResult read_result(Reader& r) {
  sim::ReplicationResult res;
  const std::int64_t replication = r.i64();
  if (replication < 0 || replication > std::numeric_limits<int>::max()) r.fail("a replication number out of range");
  res.replication = static_cast<int>(replication);
  res.observed_days = r.f64();
  res.stages.resize(r.count(96));
  for (sim::StageStats& s : res.stages) {
    const std::uint64_t infinite = r.u64();
    if (infinite > 1) r.fail("a flag that is neither 0 nor 1");
    s.infinite = infinite == 1;
    s.busy_time = r.f64();
    s.available_time = r.f64();
    s.queue_area = r.f64();
    s.wait_sum = r.f64();
    s.services_started = r.u64();
    s.arrivals = r.u64();
    s.completed = r.u64();
    s.abandoned = r.u64();
    s.wip_end = r.u64();
    s.waiting_end = r.u64();
    s.wip_end_age_sum = r.f64();
  }
  res.case_types.resize(r.count(40));
  for (sim::CaseTypeStats& s : res.case_types) s = read_flow(r);
  res.system = read_flow(r);
  res.series.period_ends = r.doubles();
  res.series.age_threshold_days = r.f64();
  const std::int64_t rows = r.i64();
  if (rows < 0 || rows > std::numeric_limits<int>::max()) r.fail("a row count out of range");
  res.series.rows_per_period = static_cast<int>(rows);
  res.series.values = r.doubles();
  if (res.series.values.size() !=
      res.series.period_ends.size() * static_cast<std::size_t>(rows) * sim::PeriodSeries::metric_count) {
    r.fail("a period series whose size does not match its periods and rows");
  }
  res.events = r.u64();
  return res;
}

}  // namespace

std::string encode_results(const std::vector<SlottedResult>& results) {
  std::string out;
  Writer w(out);
  w.u32(kMagic);
  w.u32(kVersion);
  w.u32(kByteOrderProbe);
  w.u64(results.size());
  for (const auto& [slot, result] : results) {
    w.u64(slot);
    write_result(w, *result);
  }
  return out;
}

std::vector<std::pair<std::size_t, sim::ReplicationResult>> decode_results(const std::string& message) {
  Reader r(message);
  if (r.u32() != kMagic) r.fail("not a courtflow replication results message");
  if (const std::uint32_t version = r.u32(); version != kVersion) {
    r.fail("format version " + std::to_string(version) + ", expected " + std::to_string(kVersion) +
           " (every rank must run the same courtflow)");
  }
  if (r.u32() != kByteOrderProbe) r.fail("sent from a machine of another byte order");
  std::vector<std::pair<std::size_t, sim::ReplicationResult>> out(r.count(8));
  for (auto& [slot, result] : out) {
    slot = static_cast<std::size_t>(r.u64());
    result = read_result(r);
  }
  if (!r.done()) r.fail("bytes left over after the last result");
  return out;
}

}  // namespace courtflow::cluster
