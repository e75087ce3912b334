// The public entry point: build a validated model on a backend, run it, and
// write what it recorded.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "tribody/model_spec.hpp"
#include "tribody/recordings.hpp"

namespace tribody {

namespace plan {
struct network_plan;
}
class backend;

struct progress {
  double fraction = 0.0;  // of the run done
  double model_ms = 0.0;  // model time reached
  double wall_s = 0.0;    // since run() started
};

enum class output_format { sonata, csv };

class simulation {
 public:
  // threads <= 0: the model's simulation.threads (0 there: all cores).
  explicit simulation(model_spec model, const std::string& backend = "cpu");
  ~simulation();
  simulation(const simulation&) = delete;
  simulation& operator=(const simulation&) = delete;

  // Allocates the network and draws its connectivity and initial state.
  void build();
  // Runs to t_stop; calls on_progress after each chunk of steps. Throws
  // numerical_error if the state blows up (results() holds what ran).
  void run(const std::function<void(const progress&)>& on_progress = {});

  const model_spec& model() const;
  const plan::network_plan& network() const;
  backend& engine();
  const recordings& results() const;
  // Summary, timers, counts and rates (report.json).
  nlohmann::json report() const;
  // Writes spikes, state recordings and report.json into an existing dir.
  void write(const std::string& dir, output_format format) const;
  // Marks the run failed (report.json says why).
  void set_failure(const std::string& message);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// True when this build can write SONATA/HDF5 output.
bool sonata_output_available();
std::string version();

}  // namespace tribody
