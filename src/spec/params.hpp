// The model's "parameters" object: named numbers (or expressions over
// other parameters) that any numeric field may refer to, overridable from
// the command line with --param name=value.
#pragma once

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace tribody::spec {

class param_table {
 public:
  param_table() = default;
  // obj: the "parameters" object (or null); overrides replace its values.
  param_table(const nlohmann::json* obj, std::map<std::string, double> overrides);

  // Value of a parameter; throws model_error naming $.parameters.<name>.
  double value(const std::string& name) const;
  // Evaluates an expression found at `path`; throws model_error there.
  double eval(const std::string& text, const std::string& path) const;
  std::map<std::string, double> all() const;
  // " (--param N=10.5)" for each overridden parameter that text names, or "".
  std::string overrides_in(const std::string& text) const;

 private:
  const nlohmann::json* obj_ = nullptr;
  std::map<std::string, double> overrides_;
  mutable std::map<std::string, double> cache_;
  mutable std::set<std::string> resolving_;  // cycle detection
};

}  // namespace tribody::spec
