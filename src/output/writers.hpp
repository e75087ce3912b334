// Writers of run outputs. Each writes into an existing directory and throws
// io_error on failure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plan/network_plan.hpp"
#include "tribody/recordings.hpp"

namespace tribody::output {

bool hdf5_available();
// spikes.h5 (SONATA spikes) and one SONATA report <recorder>_<variable>.h5
// per recorded state variable.
void write_sonata(const std::string& dir, const plan::network_plan& plan, const recordings& rec);
// spikes.csv (population,node_id,time_ms) and <recorder>.csv per state recorder.
void write_csv(const std::string& dir, const plan::network_plan& plan, const recordings& rec);
void write_json(const std::string& path, const nlohmann::json& j);

}  // namespace tribody::output
