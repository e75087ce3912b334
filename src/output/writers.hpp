// Writers of run outputs. Each writes into an existing directory and throws
// io_error on failure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plan/network_plan.hpp"
#include "tribody/recordings.hpp"

namespace tribody::output {

// A projection's synapses as they are at the end of a run (edges recorders).
struct edge_table {
  std::string name;  // the recorder's: the file's stem
  std::string projection;
  std::vector<std::uint32_t> source, target;
  std::vector<double> weight, delay_ms;
  std::vector<std::int64_t> astrocyte;  // tripartite projections: each synapse's astrocyte (-1: none); else empty
  // Synapse state variables at the end (name, value per synapse).
  std::vector<std::pair<std::string, std::vector<double>>> state;
  // Snapshots at chosen times (ms): weights in the same order.
  std::vector<double> snapshot_ms;
  std::vector<std::vector<double>> snapshots;
};

bool hdf5_available();
// spikes.h5 (SONATA spikes), one SONATA report <recorder>_<variable>.h5
// per recorded state variable, <recorder>.h5 per weight recorder and
// <recorder>.h5 (SONATA edges) per table in edges.
void write_sonata(const std::string& dir, const plan::network_plan& plan, const recordings& rec,
                  const std::vector<edge_table>& edges);
// spikes.csv (population,node_id,time_ms), <recorder>.csv per state or
// weight recorder, <recorder>.csv per table in edges.
void write_csv(const std::string& dir, const plan::network_plan& plan, const recordings& rec,
               const std::vector<edge_table>& edges);
void write_json(const std::string& path, const nlohmann::json& j);

}  // namespace tribody::output
