// The catalogue of astrocyte models, generated from kern::astro_model_list
// and the models' tables (src/models/astro/<model>.cpp).
#include "models/astro_models.hpp"

#include "models/astro_table.hpp"

namespace tribody::models {
namespace {

template <class... Models>
std::vector<astro_model_info> make_catalogue(kern::model_list<Models...>) {
  return {astro_table<Models>::info()...};
}

}  // namespace

const std::vector<astro_model_info>& astro_models() {
  static const std::vector<astro_model_info> catalogue = make_catalogue(kern::astro_model_list{});
  return catalogue;
}

const astro_model_info* find_astro_model(const std::string& name) {
  for (const auto& m : astro_models()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> astro_model_names() {
  std::vector<std::string> names;
  for (const auto& m : astro_models()) names.push_back(m.name);
  return names;
}

}  // namespace tribody::models
