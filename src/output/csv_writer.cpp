#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <numeric>

#include "output/write_failure.hpp"
#include "output/writers.hpp"
#include "tribody/errors.hpp"

namespace tribody::output {
namespace {

// Enough decimals to show every multiple of dt exactly.
int time_decimals(double dt) {
  int d = 1;
  while (d < 9 && std::fabs(dt * std::pow(10.0, d) - std::round(dt * std::pow(10.0, d))) > 1e-9) ++d;
  return d;
}

struct file_closer {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

file_ptr open_new(const std::string& path) {
  file_ptr f(std::fopen(path.c_str(), "wx"));
  if (!f) throw io_error("cannot create " + path + ": " + write_failure(path));
  return f;
}

void finish(file_ptr& f, const std::string& path) {
  errno = 0;
  const bool failed = std::ferror(f.get()) != 0;
  const int err = errno;
  if (std::fclose(f.release()) != 0 || failed) throw io_error("cannot write " + path + ": " + write_failure(path, errno != 0 ? errno : err));
}

}  // namespace

void write_csv(const std::string& dir, const plan::network_plan& plan, const recordings& rec,
               const std::vector<edge_table>& edges) {
  const int dec = time_decimals(plan.dt);
  {
    // All recorded spikes, ordered by time, then population, then node id.
    struct ref {
      long long step;
      std::uint32_t pop, id;
    };
    std::vector<ref> all;
    std::vector<std::string> names;  // neuron populations, then astrocyte populations (releases)
    auto add = [&](const std::string& name, const population_spikes& s) {
      const auto p = static_cast<std::uint32_t>(names.size());
      names.push_back(name);
      for (std::size_t k = 0; k < s.ids.size(); ++k) all.push_back({s.steps[k], p, s.ids[k]});
    };
    for (std::size_t p = 0; p < plan.populations.size(); ++p) {
      if (rec.spikes_recorded[p]) add(plan.populations[p].name, rec.spikes[p]);
    }
    for (std::size_t a = 0; a < plan.astrocytes.size(); ++a) {
      if (a < rec.releases_recorded.size() && rec.releases_recorded[a]) add(plan.astrocytes[a].name, rec.releases[a]);
    }
    std::stable_sort(all.begin(), all.end(), [](const ref& a, const ref& b) {
      return a.step != b.step ? a.step < b.step : (a.pop != b.pop ? a.pop < b.pop : a.id < b.id);
    });
    const std::string path = dir + "/spikes.csv";
    file_ptr f = open_new(path);
    std::fprintf(f.get(), "population,node_id,time_ms\n");
    for (const auto& r : all) {
      std::fprintf(f.get(), "%s,%u,%.*f\n", names[r.pop].c_str(), r.id, dec,
                   static_cast<double>(r.step + 1) * plan.dt);
    }
    finish(f, path);
  }
  for (std::size_t r = 0; r < plan.state_recorders.size(); ++r) {
    const auto& rp = plan.state_recorders[r];
    const auto& s = rec.states[r];
    const std::string path = dir + "/" + rp.name + ".csv";
    file_ptr f = open_new(path);
    std::fprintf(f.get(), "time_ms,node_id");
    for (const auto& v : rp.var_names) std::fprintf(f.get(), ",%s", v.c_str());
    std::fprintf(f.get(), "\n");
    const std::size_t nodes = rp.node_ids.size(), vars = rp.vars.size();
    for (std::size_t k = 0; k < s.steps.size(); ++k) {
      for (std::size_t n = 0; n < nodes; ++n) {
        std::fprintf(f.get(), "%.*f,%u", dec, static_cast<double>(s.steps[k]) * plan.dt, rp.node_ids[n]);
        for (std::size_t v = 0; v < vars; ++v) std::fprintf(f.get(), ",%.17g", s.values[(k * nodes + n) * vars + v]);
        std::fprintf(f.get(), "\n");
      }
    }
    finish(f, path);
  }
  for (std::size_t r = 0; r < plan.weight_recorders.size(); ++r) {
    const auto& w = rec.weights.at(r);
    const std::string path = dir + "/" + plan.weight_recorders[r].name + ".csv";
    file_ptr f = open_new(path);
    std::fprintf(f.get(), "source,target,time_ms,weight\n");
    for (std::size_t k = 0; k < w.steps.size(); ++k) {
      std::fprintf(f.get(), "%u,%u,%.*f,%.17g\n", w.sources[k], w.targets[k], dec,
                   static_cast<double>(w.steps[k] + 1) * plan.dt, w.weights[k]);
    }
    finish(f, path);
  }
  for (const auto& e : edges) {
    const std::string path = dir + "/" + e.name + ".csv";
    file_ptr f = open_new(path);
    const bool astro = !e.astrocyte.empty();
    std::fprintf(f.get(), "source,target,weight,delay_ms%s", astro ? ",astrocyte" : "");
    for (const auto& v : e.state) std::fprintf(f.get(), ",%s", v.first.c_str());
    std::fputc('\n', f.get());
    for (std::size_t k = 0; k < e.source.size(); ++k) {
      std::fprintf(f.get(), "%u,%u,%.17g,%.*f", e.source[k], e.target[k], e.weight[k], dec, e.delay_ms[k]);
      if (astro) std::fprintf(f.get(), ",%lld", static_cast<long long>(e.astrocyte[k]));
      for (const auto& v : e.state) std::fprintf(f.get(), ",%.17g", v.second[k]);
      std::fputc('\n', f.get());
    }
    finish(f, path);
    if (e.snapshot_ms.empty()) continue;
    const std::string spath = dir + "/" + e.name + "_snapshots.csv";
    file_ptr g = open_new(spath);
    std::fprintf(g.get(), "time_ms,edge_id,weight\n");
    for (std::size_t t = 0; t < e.snapshots.size(); ++t) {
      for (std::size_t k = 0; k < e.snapshots[t].size(); ++k) {
        std::fprintf(g.get(), "%.*f,%zu,%.17g\n", dec, e.snapshot_ms[t], k, e.snapshots[t][k]);
      }
    }
    finish(g, spath);
  }
}

void write_json(const std::string& path, const nlohmann::json& j) {
  errno = 0;
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  out.flush();
  if (!out) throw io_error("cannot write " + path + ": " + write_failure(path));
}

}  // namespace tribody::output
