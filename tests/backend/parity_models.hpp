// Models shared by the backend tests (parity, chunked runs, checkpoints):
// each exercises many features at once, on every backend.
#pragma once

#include <string>
#include <vector>

namespace tribody::test {

// Tripartite synapses of every kind (mode: local or broadcast pathways).
std::string tripartite_network(const char* mode);
// Plastic projections of a rule (plastic_rules lists every one).
std::string plastic_network(const std::string& spec);
extern const std::vector<std::string> plastic_rules;
// Astrocyte features the other models leave out.
std::string astro_features();

}  // namespace tribody::test
