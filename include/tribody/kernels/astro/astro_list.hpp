// The astrocyte models, listed once (as kern::neuron_model_list): the
// plan's parameter variant and both backends' dispatch come from it.
#pragma once

#include "tribody/kernels/astro/astro_gchi.hpp"
#include "tribody/kernels/astro/astro_lr.hpp"
#include "tribody/kernels/neurons/neuron_list.hpp"

namespace tribody::kern {

using astro_model_list = model_list<astro_gchi, astro_lr, astro_slow>;

}  // namespace tribody::kern
