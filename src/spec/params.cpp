#include "spec/params.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "spec/expr.hpp"
#include "spec/json_reader.hpp"
#include "tribody/errors.hpp"

namespace tribody::spec {

namespace {
// The parameters' names for a message: the first 20, and how many in all.
std::string names_of(const nlohmann::json& obj) {
  std::vector<std::string> names;
  for (auto it = obj.begin(); it != obj.end() && names.size() < 20; ++it) names.push_back(it.key());
  if (obj.size() > names.size()) names.push_back("... (" + std::to_string(obj.size()) + " in all)");
  return join(names);
}
}  // namespace

std::string param_table::overrides_in(const std::string& text) const {
  const auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  for (const auto& [name, v] : overrides_) {
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
      const std::size_t end = at + name.size();
      if ((at == 0 || !ident(text[at - 1])) && (end == text.size() || !ident(text[end]))) {
        out += " (--param " + name + "=" + fmt_number(v) + ")";
        break;
      }
    }
  }
  return out;
}

param_table::param_table(const nlohmann::json* obj, std::map<std::string, double> overrides)
    : obj_(obj), overrides_(std::move(overrides)) {
  if (obj_ != nullptr && !obj_->is_object()) {
    throw model_error("$.parameters", "got " + show(*obj_) + "; expected an object of named numbers");
  }
  if (obj_ != nullptr) {  // names an expression can refer to: a letter or '_', then letters, digits, '_'
    for (auto it = obj_->begin(); it != obj_->end(); ++it) {
      const std::string& k = it.key();
      bool ok = !k.empty() && (std::isalpha(static_cast<unsigned char>(k[0])) || k[0] == '_');
      for (char c : k) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
      if (!ok) {
        throw model_error("$.parameters", "got a parameter named \"" + k +
                                              "\"; expected a name of letters, digits and '_' that starts with a letter or '_'");
      }
    }
  }
  for (const auto& [name, v] : overrides_) {
    if (obj_ == nullptr || !obj_->contains(name)) {
      throw usage_error("--param " + name + ": the model has no parameter '" + name + "'" +
                        (obj_ == nullptr || obj_->empty() ? std::string(" (it has no \"parameters\")")
                                                          : " (parameters: " + names_of(*obj_) + ")"));
    }
    if (!std::isfinite(v)) throw usage_error("--param " + name + ": value must be finite");
  }
}

double param_table::value(const std::string& name) const {
  if (auto it = overrides_.find(name); it != overrides_.end()) return it->second;
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  const std::string path = "$.parameters." + name;
  if (obj_ == nullptr || !obj_->contains(name)) throw std::invalid_argument("unknown parameter '" + name + "'");
  if (resolving_.count(name)) throw model_error(path, "parameter '" + name + "' depends on itself");
  const nlohmann::json& v = (*obj_)[name];
  double x = 0.0;
  if (v.is_number()) {
    x = v.get<double>();
  } else if (v.is_string()) {
    resolving_.insert(name);
    try {
      x = eval(v.get<std::string>(), path);
    } catch (...) {
      resolving_.erase(name);
      throw;
    }
    resolving_.erase(name);
  } else {
    throw model_error(path, "got " + show(v) + "; expected a number or an expression string");
  }
  if (!std::isfinite(x)) throw model_error(path, "got " + show(v) + "; expected a finite value");
  cache_[name] = x;
  return x;
}

double param_table::eval(const std::string& text, const std::string& path) const {
  double x = 0.0;
  try {
    x = evaluate(text, [this](const std::string& n) { return value(n); });
  } catch (const std::invalid_argument& e) {
    const std::string known = obj_ == nullptr || obj_->empty() ? "" : " (parameters: " + names_of(*obj_) + ")";
    // (a message quotes at most 60 characters of the text)
    const std::string quoted = text.size() > 60 ? text.substr(0, 57) + "..." : text;
    throw model_error(path, "cannot evaluate \"" + quoted + "\": " + e.what() + known);
  }
  if (!std::isfinite(x)) throw model_error(path, "\"" + text + "\" evaluates to " + std::to_string(x) + "; expected a finite number");
  return x;
}

std::map<std::string, double> param_table::all() const {
  std::map<std::string, double> out;
  if (obj_ != nullptr) {
    for (auto it = obj_->begin(); it != obj_->end(); ++it) out[it.key()] = value(it.key());
  }
  return out;
}

}  // namespace tribody::spec
