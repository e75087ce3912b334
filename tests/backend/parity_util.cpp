#include "parity_util.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace tribody::test {
namespace {

// Bitwise: a NaN sample equals the same NaN.
std::vector<std::uint64_t> bits_of(const std::vector<double>& v) {
  std::vector<std::uint64_t> b(v.size());
  if (!v.empty()) std::memcpy(b.data(), v.data(), v.size() * sizeof(double));
  return b;
}

}  // namespace

outcome run_backend(const plan::network_plan& net, const std::string& name, const std::vector<long long>& chunks,
                    long long extra) {
  auto b = make_backend(name, 2);
  b->build(net);
  const long long total = net.n_steps + extra;
  std::string failure;
  try {
    if (chunks.empty()) {
      b->run(total);
    } else {
      for (std::size_t k = 0; b->current_step() < total; ++k) {
        b->run(std::min(chunks[k % chunks.size()], total - b->current_step()));
      }
    }
  } catch (const numerical_error& e) {
    failure = e.what();
  }
  outcome o{b->results(), {}, failure, b->current_step()};
  for (std::size_t j = 0; j < net.projections.size(); ++j) o.synapses.push_back(b->synapses(static_cast<int>(j)));
  return o;
}

void expect_identical(const outcome& a, const outcome& b, const std::string& what) {
  EXPECT_EQ(a.failure, b.failure) << what;
  EXPECT_EQ(a.step, b.step) << what;
  ASSERT_EQ(a.synapses.size(), b.synapses.size()) << what;
  for (std::size_t j = 0; j < a.synapses.size(); ++j) {
    EXPECT_EQ(a.synapses[j].source, b.synapses[j].source) << what << " projection " << j;
    EXPECT_EQ(a.synapses[j].target, b.synapses[j].target) << what << " projection " << j;
    EXPECT_EQ(a.synapses[j].weight, b.synapses[j].weight) << what << " projection " << j;
    EXPECT_EQ(a.synapses[j].delay, b.synapses[j].delay) << what << " projection " << j;
  }
  EXPECT_EQ(a.rec.spike_count, b.rec.spike_count) << what;
  for (std::size_t p = 0; p < a.rec.spikes.size(); ++p) {
    EXPECT_EQ(a.rec.spikes[p].steps, b.rec.spikes[p].steps) << what << " population " << p;
    EXPECT_EQ(a.rec.spikes[p].ids, b.rec.spikes[p].ids) << what << " population " << p;
  }
  EXPECT_EQ(a.rec.release_count, b.rec.release_count) << what;
  EXPECT_EQ(a.rec.reward_count, b.rec.reward_count) << what;
  for (std::size_t p = 0; p < a.rec.releases.size(); ++p) {
    EXPECT_EQ(a.rec.releases[p].steps, b.rec.releases[p].steps) << what << " astrocytes " << p;
    EXPECT_EQ(a.rec.releases[p].ids, b.rec.releases[p].ids) << what << " astrocytes " << p;
  }
  ASSERT_EQ(a.rec.weights.size(), b.rec.weights.size()) << what;
  for (std::size_t r = 0; r < a.rec.weights.size(); ++r) {
    EXPECT_EQ(a.rec.weights[r].steps, b.rec.weights[r].steps) << what << " weight recorder " << r;
    EXPECT_EQ(a.rec.weights[r].synapses, b.rec.weights[r].synapses) << what << " weight recorder " << r;
    EXPECT_EQ(bits_of(a.rec.weights[r].weights), bits_of(b.rec.weights[r].weights)) << what << " weight recorder " << r;
  }
  ASSERT_EQ(a.rec.plastic_weights.size(), b.rec.plastic_weights.size()) << what;
  for (std::size_t j = 0; j < a.rec.plastic_weights.size(); ++j) {
    EXPECT_EQ(bits_of(a.rec.plastic_weights[j]), bits_of(b.rec.plastic_weights[j])) << what << " plastic projection " << j;
  }
  ASSERT_EQ(a.rec.snapshots.size(), b.rec.snapshots.size()) << what;
  for (std::size_t r = 0; r < a.rec.snapshots.size(); ++r) {
    EXPECT_EQ(a.rec.snapshots[r].steps, b.rec.snapshots[r].steps) << what << " edges recorder " << r;
    ASSERT_EQ(a.rec.snapshots[r].weights.size(), b.rec.snapshots[r].weights.size()) << what << " edges recorder " << r;
    for (std::size_t k = 0; k < a.rec.snapshots[r].weights.size(); ++k) {
      EXPECT_EQ(bits_of(a.rec.snapshots[r].weights[k]), bits_of(b.rec.snapshots[r].weights[k])) << what << " edges " << r;
    }
  }
  ASSERT_EQ(a.rec.states.size(), b.rec.states.size());
  for (std::size_t r = 0; r < a.rec.states.size(); ++r) {
    EXPECT_EQ(a.rec.states[r].steps, b.rec.states[r].steps) << what << " recorder " << r;
    EXPECT_EQ(bits_of(a.rec.states[r].values), bits_of(b.rec.states[r].values)) << what << " recorder " << r;
  }
}

model_spec parse_text(const std::string& text, const std::string& name) { return parse_model(text, name); }

}  // namespace tribody::test
