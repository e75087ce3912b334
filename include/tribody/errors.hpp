// The exceptions tribody throws at its API boundary. User errors (a bad
// model, a bad option, an output that exists) are told apart from numerical
// failures during a run and from internal faults.
#pragma once

#include <stdexcept>
#include <string>

namespace tribody {

class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The model file is wrong. path is a JSON path like $.projections[2].weight.
class model_error : public error {
 public:
  model_error(std::string path, const std::string& message)
      : error(path + ": " + message), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A command-line option or an API argument is wrong.
class usage_error : public error {
 public:
  using error::error;
};

// Reading or writing a file failed, or an output would overwrite data.
class io_error : public error {
 public:
  using error::error;
};

// The run produced NaN/Inf or a runaway state.
class numerical_error : public error {
 public:
  using error::error;
};

// A backend was asked for that this build or this machine does not have.
class backend_unavailable : public error {
 public:
  using error::error;
};

// A model that is valid but does not fit (memory, index ranges).
class capacity_error : public error {
 public:
  using error::error;
};

}  // namespace tribody
