// Human-readable summaries printed by the CLI.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "tribody/model_spec.hpp"

namespace tribody::cli {

void print_summary(std::ostream& out, const nlohmann::json& report, const std::string& out_dir);
void print_validation(std::ostream& out, const model_spec& model);
// All models, or one model's parameters and state; returns an exit code.
int print_models(std::ostream& out, const std::string& name);

}  // namespace tribody::cli

using tribody::cli::print_models;
using tribody::cli::print_summary;
using tribody::cli::print_validation;
