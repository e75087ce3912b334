#include "spec/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace tribody::spec {

std::string show(const json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// Probability that a normal(mean, std) draw lies in [lo, hi].
double normal_mass(double mean, double std, double lo, double hi) {
  if (std <= 0.0) return (mean >= lo && mean <= hi) ? 1.0 : 0.0;
  auto cdf = [&](double x) { return 0.5 * std::erfc(-(x - mean) / (std * std::sqrt(2.0))); };
  return cdf(hi) - cdf(lo);
}

}  // namespace

std::string fmt_number(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

std::string closest(const std::string& word, const std::vector<std::string>& choices) {
  std::string best;
  std::size_t best_d = word.size() / 3 + 2;  // only suggest near misses (V -> V_m is one)
  for (const auto& c : choices) {
    const std::size_t d = edit_distance(word, c);
    if (d <= best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

json_reader::json_reader(const json& j, std::string path, const param_table* params)
    : j_(&j), path_(std::move(path)), params_(params) {
  if (!j.is_object()) throw model_error(path_, "got " + show(j) + "; expected an object {...}");
}

void json_reader::allow_only(std::initializer_list<const char*> keys) const {
  allow_only(std::vector<std::string>(keys.begin(), keys.end()));
}

void json_reader::allow_only(const std::vector<std::string>& keys) const {
  for (auto it = j_->begin(); it != j_->end(); ++it) {
    if (std::find(keys.begin(), keys.end(), it.key()) != keys.end()) continue;
    std::string msg = "unknown key '" + it.key() + "'";
    const std::string near = closest(it.key(), keys);
    if (!near.empty()) msg += " (did you mean '" + near + "'?)";
    msg += keys.empty() ? std::string("; expected no keys here (an empty object or none)") : "; expected one of: " + join(keys);
    throw model_error(path_of(it.key()), msg);
  }
}

// A value as a message shows it: an expression with what it came to and
// the command-line overrides it uses.
std::string json_reader::describe(const json& v) const {
  std::string s = show(v);
  if (v.is_string() && params_ != nullptr) {
    try {
      s += " = " + fmt_number(params_->eval(v.get<std::string>(), ""));
    } catch (const model_error&) {  // (not a valid expression: shown as written)
    }
    s += params_->overrides_in(v.get<std::string>());
  }
  return s;
}

void json_reader::fail(const std::string& key, const std::string& expected) const {
  const std::string got = has(key) ? describe((*j_)[key]) : std::string("nothing");
  throw model_error(path_of(key), "got " + got + "; expected " + expected);
}

const json& json_reader::at(const std::string& key) const {
  if (!has(key)) throw model_error(path_of(key), "missing required key '" + key + "'");
  return (*j_)[key];
}

json_reader json_reader::object(const std::string& key) const { return json_reader(at(key), path_of(key), params_); }

std::optional<json_reader> json_reader::optional_object(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return json_reader((*j_)[key], path_of(key), params_);
}

std::vector<json_reader> json_reader::objects(const std::string& key, bool required) const {
  std::vector<json_reader> out;
  if (!has(key) && !required) return out;
  const json& a = at(key);
  if (!a.is_array()) fail(key, "an array [...]");
  for (std::size_t i = 0; i < a.size(); ++i) {
    out.emplace_back(a[i], path_of(key) + "[" + std::to_string(i) + "]", params_);
  }
  return out;
}

double json_reader::to_number(const json& v, const std::string& path, const std::string& expected) const {
  if (v.is_string() && params_ != nullptr) return params_->eval(v.get<std::string>(), path);
  if (!v.is_number() || !std::isfinite(v.get<double>())) {
    throw model_error(path, "got " + show(v) + "; expected " + expected);
  }
  return v.get<double>();
}

double json_reader::number(const std::string& key) const {
  return to_number(at(key), path_of(key), "a finite number");
}

double json_reader::number(const std::string& key, double fallback) const {
  return has(key) ? number(key) : fallback;
}

double json_reader::number_at_least(const std::string& key, double lo, double fallback) const {
  if (!has(key)) return fallback;
  const double x = number(key);
  if (x < lo) fail(key, "a number >= " + fmt_number(lo));
  return x;
}

double json_reader::positive(const std::string& key) const {
  const double x = number(key);
  if (!(x > 0.0)) fail(key, "a number > 0");
  return x;
}

double json_reader::positive(const std::string& key, double fallback) const {
  return has(key) ? positive(key) : fallback;
}

std::uint64_t json_reader::integer(const std::string& key, std::uint64_t lo, std::uint64_t hi) const {
  const json& v = at(key);
  const std::string want =
      "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (v.is_number_unsigned()) {
    const auto x = v.get<std::uint64_t>();
    if (x < lo || x > hi) fail(key, want);
    return x;
  }
  if (v.is_number_integer()) fail(key, want);  // negative
  if (v.is_number_float() || v.is_string()) {  // 1e4 and "2 * K" are fine, 10.5 is not
    const double x = to_number(v, path_of(key), want);
    // Beyond 2^53 a double is not every integer: such values must be
    // written as integers (2^64 - 1 as an expression would be 2^64).
    constexpr double exact = 9007199254740992.0;  // 2^53
    const bool in = std::isfinite(x) && x == std::floor(x) && x >= 0.0 && x <= exact &&
                    static_cast<std::uint64_t>(x) >= lo && static_cast<std::uint64_t>(x) <= hi;
    if (!in) {
      const std::string why = x > exact && x < static_cast<double>(hi) && x == std::floor(x)
                                  ? want + " (beyond 2^53, write the integer itself, not a number with an exponent or an expression)"
                                  : want;
      // An expression: say what it came to.
      fail(key, why);
    }
    return static_cast<std::uint64_t>(x);
  }
  fail(key, want);
}

std::uint64_t json_reader::integer(const std::string& key, std::uint64_t lo, std::uint64_t hi,
                                   std::uint64_t fallback) const {
  return has(key) ? integer(key, lo, hi) : fallback;
}

std::string json_reader::string(const std::string& key) const {
  const json& v = at(key);
  if (!v.is_string()) fail(key, "a string");
  const auto s = v.get<std::string>();
  if (s.empty()) fail(key, "a non-empty string");
  return s;
}

std::string json_reader::string(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

std::string json_reader::one_of(const std::string& key, const std::vector<std::string>& choices) const {
  const json& v = at(key);
  if (v.is_string() && std::find(choices.begin(), choices.end(), v.get<std::string>()) != choices.end()) {
    return v.get<std::string>();
  }
  std::string want = "one of: " + join(choices);
  if (v.is_string()) {
    const std::string near = closest(v.get<std::string>(), choices);
    if (!near.empty()) want = "one of: " + join(choices) + " (did you mean '" + near + "'?)";
  }
  fail(key, want);
}

bool json_reader::boolean(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const json& v = at(key);
  if (!v.is_boolean()) fail(key, "true or false");
  return v.get<bool>();
}

std::vector<std::string> json_reader::strings(const std::string& key) const {
  const json& v = at(key);
  if (!v.is_array() || v.empty()) fail(key, "a non-empty array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      throw model_error(path_of(key) + "[" + std::to_string(i) + "]",
                        "got " + show(v[i]) + "; expected a string");
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

std::vector<std::uint32_t> json_reader::indices(const std::string& key, std::uint32_t size) const {
  const json& v = at(key);
  if (!v.is_array() || v.empty()) fail(key, "a non-empty array of node ids");
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number_unsigned() || v[i].get<std::uint64_t>() >= size) {
      throw model_error(path_of(key) + "[" + std::to_string(i) + "]",
                        "got " + show(v[i]) + "; expected a node id in [0, " +
                            std::to_string(size) + ")");
    }
    out.push_back(static_cast<std::uint32_t>(v[i].get<std::uint64_t>()));
  }
  std::vector<std::uint32_t> sorted = out;
  std::sort(sorted.begin(), sorted.end());
  const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
  if (dup != sorted.end()) fail(key, "node ids without repeats (" + std::to_string(*dup) + " repeats)");
  return out;
}

std::vector<double> json_reader::numbers(const std::string& key) const {
  const json& v = at(key);
  if (!v.is_array()) fail(key, "an array of numbers");
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    out.push_back(to_number(v[i], path_of(key) + "[" + std::to_string(i) + "]", "a finite number"));
  }
  return out;
}

kern::value_dist json_reader::distribution(const std::string& key) const {
  using kern::dist_kind;
  const json& v = at(key);
  kern::value_dist d;
  if (v.is_number() || v.is_string()) {
    d.a = to_number(v, path_of(key), "a number or a distribution object");
    return d;
  }
  if (!v.is_object()) {
    fail(key, "a number or a distribution {\"distribution\": \"normal\", \"mean\": ..., \"std\": ...}");
  }
  const json_reader r(v, path_of(key), params_);
  const std::string kind =
      r.one_of("distribution", {"constant", "uniform", "normal", "normal_clipped", "lognormal"});
  if (kind == "constant") {
    r.allow_only({"distribution", "value"});
    d.a = r.number("value");
  } else if (kind == "uniform") {
    r.allow_only({"distribution", "low", "high"});
    d.kind = dist_kind::uniform;
    d.a = r.number("low");
    d.b = r.number("high");
    if (!(d.b >= d.a)) r.fail("high", "a number >= low (" + fmt_number(d.a) + ")");
  } else if (kind == "normal" || kind == "normal_clipped") {
    const bool clipped = kind == "normal_clipped";
    if (clipped) r.allow_only({"distribution", "mean", "std", "low", "high"});
    else r.allow_only({"distribution", "mean", "std"});
    d.kind = clipped ? dist_kind::normal_clipped : dist_kind::normal;
    d.a = r.number("mean");
    d.b = r.number("std");
    if (d.b < 0.0) r.fail("std", "a number >= 0");
    if (clipped) {
      d.c = r.number("low", -std::numeric_limits<double>::infinity());
      d.d = r.number("high", std::numeric_limits<double>::infinity());
      if (!r.has("low") && !r.has("high")) r.fail("low", "'low' and/or 'high' for normal_clipped");
      if (!(d.d > d.c)) r.fail("high", "a number > low (" + fmt_number(d.c) + ")");
      if (normal_mass(d.a, d.b, d.c, d.d) < 1e-3) {
        throw model_error(r.path(), "normal_clipped keeps less than 0.1% of its mass in [low, high]; "
                                    "expected bounds that a normal(mean, std) draw reaches");
      }
    }
  } else {
    r.allow_only({"distribution", "mu", "sigma"});
    d.kind = dist_kind::lognormal;
    d.a = r.number("mu");
    d.b = r.number("sigma");
    if (d.b < 0.0) r.fail("sigma", "a number >= 0");
  }
  return d;
}

}  // namespace tribody::spec
