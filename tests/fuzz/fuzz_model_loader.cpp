// libFuzzer target for the model loader (tests/fuzz/README.md): any input
// is parsed and validated; one that is accepted and small is planned and
// run for a few steps on the CPU backend. tribody's own errors are the
// expected outcome of bad input; a crash, a sanitizer report, a hang or any
// other exception is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "plan/network_plan.hpp"
#include "tribody/errors.hpp"
#include "tribody/model_io.hpp"
#include "tribody/simulation.hpp"

namespace {

// Small enough to build and run within a fuzzing iteration.
bool small(const tribody::plan::network_plan& net) {
  double cells = 0.0, synapses = 0.0;
  for (const auto& p : net.populations) cells += p.size;
  for (const auto& a : net.astrocytes) cells += a.size;
  for (const auto& p : net.projections) synapses += p.expected_synapses;
  return cells <= 2000.0 && synapses <= 100000.0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    tribody::load_options o;
    o.threads = 1;
    const auto model = tribody::parse_model(text, "<fuzz>", o);
    if (!small(tribody::plan::make_plan(model))) return 0;
    o.t_stop = 50.0 * model.simulation.dt;  // a short run (shortening keeps a model valid)
    if (model.simulation.t_stop < *o.t_stop) o.t_stop.reset();
    tribody::simulation sim(tribody::parse_model(text, "<fuzz>", o));
    sim.run();
  } catch (const tribody::error&) {
    // refused, or stopped with its reason: what bad input should get
  }
  return 0;
}
