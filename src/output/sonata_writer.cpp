// SONATA output through the HDF5 C API:
//   spikes.h5: /spikes/<population>/{timestamps (ms), node_ids}, attribute
//              sorting = by_time on the population group;
//   <recorder>_<variable>.h5: /report/<population>/data [time x node] and
//              /report/<population>/mapping/{node_ids, element_ids,
//              index_pointers, time = [start, stop, step] ms};
//   <weight recorder>.h5: /weights/<projection>/{source_node_id,
//              target_node_id, edge_id, timestamps (ms), syn_weight};
//   <edges recorder>.h5: SONATA edges /edges/<projection>/{source_node_id,
//              target_node_id (attribute node_population), edge_type_id,
//              edge_group_id, edge_group_index, 0/{syn_weight, delay}}, and
//              with snapshot times 0/{syn_weight_snapshots [time x edge],
//              snapshot_times (ms)}.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "output/write_failure.hpp"
#include "output/writers.hpp"

#include "tribody/errors.hpp"

#if defined(TRIBODY_HAVE_HDF5)
#include <hdf5.h>
#endif

namespace tribody::output {

#if defined(TRIBODY_HAVE_HDF5)

namespace {

// The file being written (for the reason of a failure).
thread_local std::string current_file;
std::string failed(const std::string& what) {
  const bool named = current_file.empty() || what.find(current_file) != std::string::npos;
  return "HDF5: cannot " + what + (named ? "" : " in " + current_file) + ": " + write_failure(current_file);
}

// Owns one HDF5 identifier and closes it with the right function.
class h5 {
 public:
  h5(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) throw io_error(failed(what));
  }
  ~h5() {
    if (id_ >= 0) close_(id_);
  }
  h5(const h5&) = delete;
  h5& operator=(const h5&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void check(herr_t status, const std::string& what) {
  if (status < 0) throw io_error(failed(what));
}

// Creation properties without modification times, so that identical runs
// write byte-identical files (results can be checked by hash).
hid_t untimed(hid_t plist_class) {
  const hid_t p = H5Pcreate(plist_class);
  if (p >= 0 && H5Pset_obj_track_times(p, 0) < 0) {
    H5Pclose(p);
    return -1;
  }
  return p;
}

h5 group(hid_t parent, const std::string& name) {
  const h5 props(untimed(H5P_GROUP_CREATE), H5Pclose, "make the creation properties of " + name);
  return h5(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, props, H5P_DEFAULT), H5Gclose, "create group " + name);
}

void string_attribute(hid_t obj, const std::string& name, const std::string& value) {
  h5 type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  check(H5Tset_size(type, value.size()), "size a string type");
  h5 space(H5Screate(H5S_SCALAR), H5Sclose, "make a scalar space");
  h5 attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          "create attribute " + name);
  check(H5Awrite(attr, type, value.c_str()), "write attribute " + name);
}

// SONATA's sorting enum: none = 0, by_id = 1, by_time = 2.
void sorting_attribute(hid_t obj, std::uint8_t value) {
  h5 type(H5Tenum_create(H5T_NATIVE_UINT8), H5Tclose, "make the sorting enum");
  const char* names[] = {"none", "by_id", "by_time"};
  for (std::uint8_t v = 0; v < 3; ++v) check(H5Tenum_insert(type, names[v], &v), "fill the sorting enum");
  h5 space(H5Screate(H5S_SCALAR), H5Sclose, "make a scalar space");
  h5 attr(H5Acreate2(obj, "sorting", type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute sorting");
  check(H5Awrite(attr, type, &value), "write attribute sorting");
}

template <class T>
void dataset(hid_t parent, const std::string& name, hid_t file_type, hid_t mem_type, const std::vector<T>& data,
             std::vector<hsize_t> dims, const std::string& units = "") {
  h5 space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
           "make a dataspace for " + name);
  const h5 props(untimed(H5P_DATASET_CREATE), H5Pclose, "make the creation properties of " + name);
  h5 ds(H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose,
        "create dataset " + name);
  if (!data.empty()) check(H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write " + name);
  if (!units.empty()) string_attribute(ds, "units", units);
}

// A file is built in memory (HDF5's core driver, no backing store) and
// written by flush_file: HDF5 never meets a failing disk, whose half-closed
// files it cannot release (it crashed at exit), and the write's failure is
// ours to report.
h5 create_file(const std::string& path) {
  current_file = path;
  if (std::filesystem::exists(path)) throw io_error("cannot create " + path + ": it exists");
  const h5 fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "make file access properties");
  check(H5Pset_fapl_core(fapl, 1 << 20, 0), "build " + path + " in memory");
  return h5(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl), H5Fclose, "create " + path);
}

// The file, complete, onto the disk.
void flush_file(hid_t file) {
  check(H5Fflush(file, H5F_SCOPE_LOCAL), "finish " + current_file);
  const ssize_t n = H5Fget_file_image(file, nullptr, 0);
  if (n < 0) throw io_error(failed("finish " + current_file));
  std::vector<char> image(static_cast<std::size_t>(n));
  if (H5Fget_file_image(file, image.data(), image.size()) != n) throw io_error(failed("finish " + current_file));
  errno = 0;
  std::FILE* f = std::fopen(current_file.c_str(), "wx");
  if (f == nullptr) throw io_error("cannot create " + current_file + ": " + write_failure(current_file));
  const bool wrote = std::fwrite(image.data(), 1, image.size(), f) == image.size();
  const int err = errno;
  if (std::fclose(f) != 0 || !wrote) {
    throw io_error("cannot write " + current_file + ": " + write_failure(current_file, errno != 0 ? errno : err));
  }
}

void write_population(hid_t spikes, const std::string& name, const population_spikes& s, double dt) {
  h5 g = group(spikes, name);
  sorting_attribute(g, 2);
  std::vector<double> t(s.steps.size());
  std::vector<std::uint64_t> ids(s.ids.begin(), s.ids.end());
  for (std::size_t k = 0; k < t.size(); ++k) t[k] = static_cast<double>(s.steps[k] + 1) * dt;
  const hsize_t n = t.size();
  dataset(g, "timestamps", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, t, {n}, "ms");
  dataset(g, "node_ids", H5T_STD_U64LE, H5T_NATIVE_UINT64, ids, {n});
}

// Neuron spikes and astrocyte gliotransmitter releases, one group per population.
void write_spikes(const std::string& dir, const plan::network_plan& plan, const recordings& rec) {
  h5 file = create_file(dir + "/spikes.h5");
  h5 spikes = group(file, "spikes");
  for (std::size_t p = 0; p < plan.populations.size(); ++p) {
    if (rec.spikes_recorded[p]) write_population(spikes, plan.populations[p].name, rec.spikes[p], plan.dt);
  }
  for (std::size_t a = 0; a < plan.astrocytes.size(); ++a) {
    if (a < rec.releases_recorded.size() && rec.releases_recorded[a]) {
      write_population(spikes, plan.astrocytes[a].name, rec.releases[a], plan.dt);
    }
  }
  flush_file(file);
}

void write_report(const std::string& dir, const plan::network_plan& plan, const plan::state_recorder_plan& r,
                  const state_samples& s, std::size_t var) {
  const std::string path = dir + "/" + r.name + "_" + r.var_names[var] + ".h5";
  h5 file = create_file(path);
  h5 report = group(file, "report");
  h5 pop = group(report, r.astro ? plan.astrocytes[r.population].name : plan.populations[r.population].name);
  const std::size_t nodes = r.node_ids.size(), vars = r.vars.size(), times = s.steps.size();
  std::vector<float> data(times * nodes);
  for (std::size_t k = 0; k < times; ++k) {
    for (std::size_t n = 0; n < nodes; ++n) data[k * nodes + n] = static_cast<float>(s.values[(k * nodes + n) * vars + var]);
  }
  dataset(pop, "data", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, data, {times, nodes}, r.var_units[var]);
  h5 mapping = group(pop, "mapping");
  std::vector<std::uint64_t> node_ids(r.node_ids.begin(), r.node_ids.end()), pointers(nodes + 1);
  for (std::size_t n = 0; n <= nodes; ++n) pointers[n] = n;
  std::vector<std::uint32_t> elements(nodes, 0);
  dataset(mapping, "node_ids", H5T_STD_U64LE, H5T_NATIVE_UINT64, node_ids, {nodes});
  dataset(mapping, "element_ids", H5T_STD_U32LE, H5T_NATIVE_UINT32, elements, {nodes});
  dataset(mapping, "index_pointers", H5T_STD_U64LE, H5T_NATIVE_UINT64, pointers, {nodes + 1});
  const double step = static_cast<double>(r.interval) * plan.dt;
  const double start = s.steps.empty() ? 0.0 : static_cast<double>(s.steps.front()) * plan.dt;
  std::vector<double> time = {start, start + static_cast<double>(times) * step, step};
  dataset(mapping, "time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, time, {3}, "ms");
  flush_file(file);
}

void write_weight_events(const std::string& dir, const plan::network_plan& plan, std::size_t r, const weight_events& w) {
  const auto& wr = plan.weight_recorders[r];
  h5 file = create_file(dir + "/" + wr.name + ".h5");
  h5 top = group(file, "weights");
  h5 g = group(top, plan.projections[wr.projection].name);
  const hsize_t n = w.steps.size();
  std::vector<double> t(n);
  for (std::size_t k = 0; k < n; ++k) t[k] = static_cast<double>(w.steps[k] + 1) * plan.dt;
  dataset(g, "source_node_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, std::vector<std::uint64_t>(w.sources.begin(), w.sources.end()), {n});
  dataset(g, "target_node_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, std::vector<std::uint64_t>(w.targets.begin(), w.targets.end()), {n});
  dataset(g, "edge_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, w.synapses, {n});
  dataset(g, "timestamps", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, t, {n}, "ms");
  dataset(g, "syn_weight", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, w.weights, {n});
  flush_file(file);
}

void write_edges(const std::string& dir, const plan::network_plan& plan, const edge_table& e) {
  std::size_t j = 0;
  while (j + 1 < plan.projections.size() && plan.projections[j].name != e.projection) ++j;
  const auto& pj = plan.projections[j];
  h5 file = create_file(dir + "/" + e.name + ".h5");
  h5 top = group(file, "edges");
  h5 g = group(top, e.projection);
  const hsize_t n = e.source.size();
  const auto u64 = [](const std::vector<std::uint32_t>& v) { return std::vector<std::uint64_t>(v.begin(), v.end()); };
  dataset(g, "source_node_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, u64(e.source), {n});
  dataset(g, "target_node_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, u64(e.target), {n});
  for (const auto& [name, pop] : {std::pair<const char*, int>{"source_node_id", pj.source}, {"target_node_id", pj.target}}) {
    h5 ds(H5Dopen2(g, name, H5P_DEFAULT), H5Dclose, std::string("open ") + name);
    string_attribute(ds, "node_population", plan.populations[pop].name);
  }
  std::vector<std::uint64_t> index(n);
  for (std::size_t k = 0; k < n; ++k) index[k] = k;
  dataset(g, "edge_type_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, std::vector<std::uint64_t>(n, 0), {n});
  dataset(g, "edge_group_id", H5T_STD_U32LE, H5T_NATIVE_UINT32, std::vector<std::uint32_t>(n, 0), {n});
  dataset(g, "edge_group_index", H5T_STD_U64LE, H5T_NATIVE_UINT64, index, {n});
  h5 g0 = group(g, "0");
  dataset(g0, "syn_weight", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, e.weight, {n});
  dataset(g0, "delay", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, e.delay_ms, {n}, "ms");
  if (!e.astrocyte.empty()) dataset(g0, "astrocyte", H5T_STD_I64LE, H5T_NATIVE_INT64, e.astrocyte, {n});
  for (const auto& v : e.state) dataset(g0, v.first, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v.second, {n});
  if (e.snapshot_ms.empty()) {
    flush_file(file);
    return;
  }
  std::vector<double> all;
  for (const auto& w : e.snapshots) all.insert(all.end(), w.begin(), w.end());
  const hsize_t m = e.snapshots.size();
  dataset(g0, "syn_weight_snapshots", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, all, {m, n});
  dataset(g0, "snapshot_times", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, e.snapshot_ms, {m}, "ms");
  flush_file(file);
}

}  // namespace

bool hdf5_available() { return true; }

void write_sonata(const std::string& dir, const plan::network_plan& plan, const recordings& rec,
                  const std::vector<edge_table>& edges) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become io_error, not stderr noise
  write_spikes(dir, plan, rec);
  for (std::size_t r = 0; r < plan.weight_recorders.size(); ++r) write_weight_events(dir, plan, r, rec.weights.at(r));
  for (const auto& e : edges) write_edges(dir, plan, e);
  for (std::size_t r = 0; r < plan.state_recorders.size(); ++r) {
    for (std::size_t v = 0; v < plan.state_recorders[r].vars.size(); ++v) {
      write_report(dir, plan, plan.state_recorders[r], rec.states[r], v);
    }
  }
}

#else

bool hdf5_available() { return false; }

void write_sonata(const std::string&, const plan::network_plan&, const recordings&, const std::vector<edge_table>&) {
  throw io_error("this build of tribody has no HDF5 support, so it cannot write SONATA output; "
                 "install libhdf5-dev and rebuild, or run with --format csv");
}

#endif

}  // namespace tribody::output
