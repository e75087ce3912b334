// The documentation stays true to the code: every neuron model, parameter
// and state variable is documented, and the example models in README.md and
// docs/model_format.md are valid.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "models/astro_models.hpp"
#include "models/neuron_models.hpp"
#include "test_util.hpp"

namespace {

std::string read(const std::string& rel) {
  std::ifstream in(std::string(TRIBODY_SOURCE_DIR) + "/" + rel);
  EXPECT_TRUE(in.good()) << rel;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The ```json blocks of a Markdown file that hold a whole model.
std::vector<std::string> json_models(const std::string& md) {
  std::vector<std::string> out;
  for (std::size_t at = md.find("```json\n"); at != std::string::npos; at = md.find("```json\n", at + 1)) {
    const auto begin = at + 8, end = md.find("```", begin);
    const std::string block = md.substr(begin, end - begin);
    if (block.find("\"populations\"") != std::string::npos && block.rfind("{", 0) == 0) out.push_back(block);
  }
  return out;
}

}  // namespace

TEST(Docs, EveryNeuronModelParameterAndStateIsDocumented) {
  const std::string doc = read("docs/neuron_models.md");
  for (const auto& m : tribody::models::neuron_models()) {
    EXPECT_NE(doc.find("`" + m.name + "`"), std::string::npos) << m.name;
    for (const auto& p : m.params) EXPECT_NE(doc.find("`" + p.name + "`"), std::string::npos) << m.name << "." << p.name;
    for (const auto& s : m.state) EXPECT_NE(doc.find("`" + s.name + "`"), std::string::npos) << m.name << "." << s.name;
  }
}

TEST(Docs, EveryAstrocyteModelParameterAndStateIsDocumented) {
  const std::string doc = read("docs/astrocytes.md");
  for (const auto& m : tribody::models::astro_models()) {
    EXPECT_NE(doc.find("`" + m.name + "`"), std::string::npos) << m.name;
    for (const auto& p : m.params) EXPECT_NE(doc.find("`" + p.name + "`"), std::string::npos) << m.name << "." << p.name;
    for (const auto& s : m.state) EXPECT_NE(doc.find("`" + s.name + "`"), std::string::npos) << m.name << "." << s.name;
  }
}

TEST(Docs, ExampleModelsAreValidAndRun) {
  for (const char* file : {"README.md", "docs/model_format.md", "docs/plasticity.md"}) {
    const auto models = json_models(read(file));
    EXPECT_FALSE(models.empty()) << file;
    for (const auto& m : models) {
      tribody::load_options o;
      o.t_stop = 50.0;
      EXPECT_NO_THROW(tribody::simulation(tribody::parse_model(m, file, o)).run()) << file << ":\n" << m;
    }
  }
}

TEST(Docs, EveryPlasticityRuleAndParameterIsDocumented) {
  const std::string doc = read("docs/plasticity.md");
  for (const char* k : {"stdp", "stdp_nn_symm", "stdp_nn_pre_centered", "stdp_dopamine", "tau_plus", "tau_minus",
                        "lambda", "alpha", "mu_plus", "mu_minus", "Wmax", "weights", "edges", "silent",
                        "volume_transmitter", "vt_delay", "A_plus", "A_minus", "tau_c", "tau_n", "b", "Wmin"}) {
    EXPECT_NE(doc.find(std::string("`") + k + "`"), std::string::npos) << k;
  }
}
