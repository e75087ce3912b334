// Arithmetic expressions in model files: any number may be written as a
// string such as "-g * J" over the names of the model's "parameters".
#pragma once

#include <functional>
#include <string>

namespace tribody::spec {

// Resolves a name to its value; throws std::invalid_argument if unknown.
using name_lookup = std::function<double(const std::string&)>;

// Evaluates +, -, *, /, ^ (power), parentheses, numbers, names and the
// functions sqrt, exp, log, abs, floor, ceil, round, min, max.
// Throws std::invalid_argument with a message saying what is wrong.
double evaluate(const std::string& text, const name_lookup& lookup);

}  // namespace tribody::spec
