// Command-line arguments of the tribody tool.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tribody::cli {

struct arguments {
  std::string command;  // run, validate, info, models, help, version
  std::string model;    // run, validate: model file; models: model name
  std::string out;
  std::string backend = "cpu";
  std::string format = "sonata";
  bool overwrite = false;
  bool quiet = false;
  std::optional<int> threads;
  std::optional<unsigned long long> seed;
  std::optional<double> t_stop;
  std::map<std::string, double> params;
  std::vector<double> checkpoint_at;  // ms, ascending (docs/checkpoints.md)
  std::string restore;                // a checkpoint file to continue from
};

// Throws usage_error with a message that says what is wrong.
arguments parse_arguments(const std::vector<std::string>& argv);
std::string usage_text();

}  // namespace tribody::cli
