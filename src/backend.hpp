// The seam between the host and a compute backend. A backend builds the
// network from a plan, advances it step by step, and hands back what was
// recorded. The CPU backend is the oracle every other backend must match.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "plan/network_plan.hpp"
#include "tribody/errors.hpp"
#include "tribody/recordings.hpp"

namespace tribody {

class backend {
 public:
  virtual ~backend() = default;
  virtual std::string name() const = 0;
  virtual int threads() const = 0;

  // Allocates state and synapses and draws initial values. Throws
  // capacity_error if the network does not fit.
  virtual void build(const plan::network_plan& plan) = 0;
  // Advances n steps. Throws numerical_error naming population, neuron and
  // time if a state becomes NaN or Inf.
  virtual void run(long long n_steps) = 0;
  virtual long long current_step() const = 0;
  // The run state (docs/checkpoints.md): written, or read into a network
  // built from the same plan (every backend reads what any wrote).
  virtual void save_state(std::ostream& out) = 0;
  virtual void load_state(std::istream& in) = 0;

  virtual recordings& results() = 0;
  virtual std::vector<projection_stats> synapse_stats() const = 0;
  virtual memory_stats memory() const = 0;
  // Host bytes the network was estimated to need before it was built (what
  // the memory check compared with the available memory), or 0.
  virtual double estimated_host_bytes() const { return 0.0; }
  virtual const phase_timers& timers() const = 0;
  // Weights of one projection in CSR order with their sources and targets
  // (tests and output of connectivity).
  struct synapse_list {
    std::vector<std::uint32_t> source, target;
    std::vector<float> weight;
    std::vector<int> delay;  // steps
    // Tripartite projections: each synapse's astrocyte (kern::no_astrocyte:
    // none); empty otherwise.
    std::vector<std::uint32_t> astrocyte;
  };
  virtual synapse_list synapses(int projection) const = 0;
  // A synapse state variable (u, x, Gamma_S, c, h, Ca) of one projection now, CSR order.
  virtual std::vector<double> synapse_state(int projection, const std::string& var) const = 0;
};

// After a numerical failure a backend's state lies past the failing step,
// so it refuses to run on until the network is built again. Both backends
// hold one.
class failure_latch {
 public:
  void clear() { message_.clear(); }
  // Remembers the failure and rethrows it.
  [[noreturn]] void fail(const std::string& message) {
    message_ = message;
    throw numerical_error(message);
  }
  void check() const {
    if (!message_.empty()) {
      throw error("the run cannot continue: it stopped on a numerical failure (" + message_ +
                  "); build the network again to start over");
    }
  }

 private:
  std::string message_;
};

struct backend_info {
  std::string name;
  bool compiled;
  std::string detail;  // devices found, or why unavailable
};

// The backends this build knows about, and whether each can run here.
std::vector<backend_info> backends();

// True when `name` is compiled in and can run here; else says why.
bool backend_usable(const std::string& name, std::string* why = nullptr);

// threads: CPU worker threads (0: all cores). Throws backend_unavailable.
std::unique_ptr<backend> make_backend(const std::string& name, int threads);

}  // namespace tribody
