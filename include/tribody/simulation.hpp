// The public entry point: build a validated model on a backend, run it, and
// write what it recorded.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

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
  // ... stopping at each of `stops` (steps, ascending) on the way to call
  // at_stop(step) there (checkpoints).
  void run(const std::function<void(const progress&)>& on_progress, const std::vector<long long>& stops,
           const std::function<void(long long)>& at_stop);

  // Checkpoints (docs/checkpoints.md). save_checkpoint writes the whole run
  // state at the current step to `path` (through a temporary file: a full
  // disk leaves nothing half-written), stamped with `fingerprint`, which
  // names the model (the command line hashes the model file and its
  // options). restore reads one into this simulation, built from the same
  // model; it refuses one with another fingerprint, of another tribody
  // version, or whose state does not fit the network.
  void save_checkpoint(const std::string& path, const std::string& fingerprint);
  void restore(const std::string& path, const std::string& fingerprint);

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
