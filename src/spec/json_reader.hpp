// Reads one JSON object of a model file while tracking its JSON path, so
// every error names the path, the offending value and what was expected.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tribody/errors.hpp"
#include "tribody/kernels/distribution.hpp"
#include "spec/params.hpp"

namespace tribody::spec {

using json = nlohmann::json;

// A short rendering of a JSON value for error messages.
std::string show(const json& v);

class json_reader {
 public:
  json_reader(const json& j, std::string path, const param_table* params = nullptr);

  const json& raw() const { return *j_; }
  const std::string& path() const { return path_; }
  std::string path_of(const std::string& key) const { return path_ + "." + key; }
  bool has(const std::string& key) const { return j_->contains(key); }
  // The value of a required key (missing: a model_error at its path).
  const json& at(const std::string& key) const;

  // Keys other than these are errors ("did you mean ...?").
  void allow_only(std::initializer_list<const char*> keys) const;
  void allow_only(const std::vector<std::string>& keys) const;

  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;

  json_reader object(const std::string& key) const;
  std::optional<json_reader> optional_object(const std::string& key) const;
  // Elements of an array; each reader's path ends in [i]. Absent: empty.
  std::vector<json_reader> objects(const std::string& key, bool required) const;

  double number(const std::string& key) const;
  double number(const std::string& key, double fallback) const;
  double number_at_least(const std::string& key, double lo, double fallback) const;
  double positive(const std::string& key) const;
  double positive(const std::string& key, double fallback) const;
  std::uint64_t integer(const std::string& key, std::uint64_t lo, std::uint64_t hi) const;
  std::uint64_t integer(const std::string& key, std::uint64_t lo, std::uint64_t hi,
                        std::uint64_t fallback) const;
  std::string string(const std::string& key) const;
  std::string string(const std::string& key, const std::string& fallback) const;
  std::string one_of(const std::string& key, const std::vector<std::string>& choices) const;
  bool boolean(const std::string& key, bool fallback) const;
  std::vector<std::string> strings(const std::string& key) const;
  std::vector<std::uint32_t> indices(const std::string& key, std::uint32_t size) const;
  std::vector<double> numbers(const std::string& key) const;

  // A constant number or {"distribution": ..., parameters}.
  kern::value_dist distribution(const std::string& key) const;

 private:
  // A JSON number, or a string expression over the model's parameters.
  double to_number(const json& v, const std::string& path, const std::string& expected) const;
  const json* j_;
  std::string path_;
  std::string describe(const json& v) const;
  const param_table* params_;
};

// A string near `word` among `choices`, or "" (for "did you mean").
std::string closest(const std::string& word, const std::vector<std::string>& choices);
std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");

// Shortest decimal form of x (as `<<` prints it), for error messages.
std::string fmt_number(double x);

}  // namespace tribody::spec
