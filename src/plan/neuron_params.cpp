// Kernel parameters of a population's neuron model, from its parameter
// table (src/models/neurons/<model>.cpp).
#include "models/neuron_table.hpp"
#include "plan/network_plan.hpp"

namespace tribody::plan {

neuron_params make_neuron_params(models::neuron_kind kind, const models::value_map& p, double h) {
  return kern::dispatch_model<kern::neuron_model_list>(kind, [&](auto* model) -> neuron_params {
    using M = std::remove_pointer_t<decltype(model)>;
    return neuron_params(std::in_place_index<kern::model_index<M, kern::neuron_model_list>::value>,
                         models::neuron_table<M>::make(p, h));
  });
}

}  // namespace tribody::plan
