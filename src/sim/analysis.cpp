#include "sim/analysis.hpp"

#include <cmath>
#include <vector>

namespace tribody {

spike_statistics analyse_spikes(const population_spikes& s, std::uint64_t spike_count, std::uint32_t n_neurons,
                                double duration_ms, double dt) {
  spike_statistics out;
  if (n_neurons == 0 || duration_ms <= 0.0) return out;
  out.mean_rate_hz = static_cast<double>(spike_count) / n_neurons / (duration_ms * 1e-3);
  // Per neuron: count, last spike, and running sums of ISIs and squares.
  std::vector<std::uint32_t> count(n_neurons, 0);
  std::vector<long long> last(n_neurons, 0);
  std::vector<double> sum(n_neurons, 0.0), sum2(n_neurons, 0.0);
  for (std::size_t k = 0; k < s.ids.size(); ++k) {
    const auto i = s.ids[k];
    if (count[i] > 0) {
      const double isi = static_cast<double>(s.steps[k] - last[i]) * dt;
      sum[i] += isi;
      sum2[i] += isi * isi;
    }
    last[i] = s.steps[k];
    ++count[i];
  }
  double cv_sum = 0.0;
  for (std::uint32_t i = 0; i < n_neurons; ++i) {
    if (count[i] < 3) continue;
    const double n = count[i] - 1.0;
    const double mean = sum[i] / n;
    const double var = std::max(0.0, sum2[i] / n - mean * mean);
    cv_sum += std::sqrt(var) / mean;
    ++out.neurons_with_isi;
  }
  if (out.neurons_with_isi > 0) out.cv_isi = cv_sum / static_cast<double>(out.neurons_with_isi);
  return out;
}

}  // namespace tribody
