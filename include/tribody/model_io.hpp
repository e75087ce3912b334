// Reading models: JSON text or file -> validated model_spec. Every problem
// is reported as a model_error naming the JSON path before anything runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "tribody/model_spec.hpp"

namespace tribody {

struct load_options {
  std::map<std::string, double> params;  // --param name=value
  std::optional<std::uint64_t> seed;     // --seed
  std::optional<double> t_stop;          // --t-stop (ms)
  std::optional<int> threads;            // --threads
};

model_spec parse_model(const std::string& json_text, const std::string& source = "<string>",
                       const load_options& options = {});
model_spec load_model(const std::string& path, const load_options& options = {});

}  // namespace tribody
