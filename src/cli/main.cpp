// tribody: run, validate and inspect models from the command line.
// Exit codes: 0 done; 1 internal error; 2 refused (usage, model, output
// exists, backend missing, does not fit); 3 numerical failure during the
// run (partial results written); 4 input/output error.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <new>
#include <optional>
#include <set>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "backend.hpp"
#include "cli/args.hpp"
#include "cli/summary.hpp"
#include "tribody/errors.hpp"
#include "tribody/model_io.hpp"
#include "tribody/simulation.hpp"

namespace fs = std::filesystem;
using namespace tribody;

namespace {

// Every output directory holds this marker, listing the files tribody
// wrote there: --overwrite replaces a directory only while it holds those
// files and nothing else, so it never deletes a user's own files.
constexpr const char* marker_name = ".tribody-output";
constexpr const char* marker_header = "# written by tribody: --overwrite replaces this directory while it holds only these files";

// The files under dir (paths relative to it), marker excluded.
std::set<std::string> files_under(const fs::path& dir) {
  std::set<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_directory() && !e.is_symlink()) continue;
    const std::string rel = e.path().lexically_relative(dir).generic_string();
    if (rel != marker_name) files.insert(rel);
  }
  return files;
}

void write_marker(const fs::path& dir) {
  const auto files = files_under(dir);
  std::ofstream m(dir / marker_name);
  m << marker_header << "\n";
  for (const auto& f : files) m << f << "\n";
  if (!m) throw io_error("cannot write '" + (dir / marker_name).string() + "'");
}

// The files the marker of dir lists, or none if it has no marker.
std::optional<std::set<std::string>> marked_files(const fs::path& dir) {
  std::ifstream m(dir / marker_name);
  std::string line;
  if (!m || !std::getline(m, line) || line != marker_header) return std::nullopt;
  std::set<std::string> files;
  while (std::getline(m, line)) files.insert(line);
  return files;
}

bool inside(const fs::path& p, const fs::path& dir) {  // p is dir or below it (both canonical)
  const auto rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

// Refuses (exit 2) an --out that must not be replaced: a file; a non-empty
// directory without --overwrite; with it, one that tribody did not write,
// that holds other files too, the model file, or the current directory.
void check_replaceable(const fs::path& out, const cli::arguments& a) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return;
  const std::string name = "output directory '" + a.out + "'";
  if (!fs::is_directory(out, ec)) {
    throw usage_error("--out '" + a.out + "' is a file, not a directory (tribody writes a directory of results)");
  }
  if (fs::directory_iterator(out, ec) == fs::directory_iterator()) return;  // empty
  if (!a.overwrite) throw usage_error(name + " exists and is not empty; pass --overwrite to replace it");
  if (inside(fs::weakly_canonical(fs::current_path()), out)) {
    throw usage_error(name + " is the current directory or holds it; --overwrite will not replace it");
  }
  if (inside(fs::weakly_canonical(fs::absolute(a.model)), out)) {
    throw usage_error(name + " holds the model file " + a.model + "; --overwrite will not replace it");
  }
  const auto marked = marked_files(out);
  if (!marked) {
    throw usage_error(name + " was not written by tribody (it has no " + marker_name +
                      "); --overwrite replaces only tribody's own results: choose another --out or remove it yourself");
  }
  for (const auto& f : files_under(out)) {
    if (marked->count(f) == 0) {
      throw usage_error(name + " holds files tribody did not write (" + f +
                        "); --overwrite will not delete them: move them or choose another --out");
    }
  }
}

load_options options_of(const cli::arguments& a) {
  load_options o;
  o.params = a.params;
  o.seed = a.seed;
  o.t_stop = a.t_stop;
  o.threads = a.threads;
  return o;
}

fs::path sibling(const fs::path& out, const std::string& tag) {
  fs::path p = out;
  p += "." + tag + "-" + std::to_string(::getpid());
  return p;
}

// Results go to a fresh sibling directory first and replace --out only when
// complete, so a refused or crashed run never destroys earlier results.
fs::path staging_dir(const fs::path& out) {
  const fs::path p = sibling(out, "partial");
  try {
    fs::remove_all(p);
    fs::create_directories(p);
  } catch (const fs::filesystem_error& e) {
    throw io_error("cannot create an output directory at '" + p.string() + "': " + e.code().message());
  }
  return p;
}

// Replaces `out` by `staging`; the old results are removed only once the
// new ones are in place, and put back if the move fails.
void publish(const fs::path& staging, const fs::path& out) {
  const fs::path old = sibling(out, "old");
  try {
    const bool had = fs::exists(out);
    if (had) fs::rename(out, old);
    try {
      fs::rename(staging, out);
    } catch (...) {
      if (had) fs::rename(old, out);
      throw;
    }
    if (had) fs::remove_all(old);
  } catch (const fs::filesystem_error& e) {
    throw io_error("cannot move the results into '" + out.string() + "' (" + e.code().message() +
                   "); they are in " + staging.string());
  }
}

// What names a model for its checkpoints: its file's JSON (keys in order,
// without simulation.t_stop, which a restored run may change) with the
// --param and --seed overrides, hashed (FNV-1a, 64 bits).
std::string model_fingerprint(const cli::arguments& a) {
  std::ifstream in(a.model, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object() && j.contains("simulation") && j["simulation"].is_object()) j["simulation"].erase("t_stop");
  std::string key = j.dump();
  for (const auto& [name, value] : a.params) key += "|param " + name + "=" + std::to_string(value);
  if (a.seed) key += "|seed " + std::to_string(*a.seed);
  std::uint64_t h = 14695981039346656037ULL;
  for (const unsigned char c : key) h = (h ^ c) * 1099511628211ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

// --checkpoint-at as steps: each time on the dt grid, within the run.
std::vector<long long> checkpoint_steps(const cli::arguments& a, const model_spec& m) {
  std::vector<long long> steps;
  const double dt = m.simulation.dt;
  for (const double t : a.checkpoint_at) {
    const double k = t / dt;
    if (std::fabs(k - std::round(k)) > 1e-9 * std::max(1.0, k)) {
      throw usage_error("--checkpoint-at: " + std::to_string(t) + " ms is not a multiple of dt = " + std::to_string(dt) +
                        " ms");
    }
    if (t > m.simulation.t_stop * (1.0 + 1e-12)) {
      throw usage_error("--checkpoint-at: " + std::to_string(t) + " ms is after t_stop = " +
                        std::to_string(m.simulation.t_stop) + " ms");
    }
    steps.push_back(std::llround(k));
  }
  return steps;
}

// A checkpoint's file name: checkpoint_<t>ms.tribody.
std::string checkpoint_name(double t_ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "checkpoint_%.10gms.tribody", t_ms);
  return buf;
}

int cmd_run(const cli::arguments& a) {
  const model_spec model = load_model(a.model, options_of(a));
  // "results/" names the folder results: without the trailing separator,
  // so that its staging sibling is results.partial-PID, not results/.partial-PID;
  // ".", ".." and symbolic links are resolved.
  fs::path out = fs::weakly_canonical(fs::absolute(a.out));
  while (!out.has_filename() && out.has_relative_path()) out = out.parent_path();
  if (out == out.root_path()) throw usage_error("--out '" + a.out + "' is the root directory");
  check_replaceable(out, a);
  const auto format = a.format == "csv" ? output_format::csv : output_format::sonata;
  if (format == output_format::sonata && !sonata_output_available()) {
    throw usage_error("this build has no HDF5 support for SONATA output; use --format csv or rebuild with libhdf5-dev");
  }
  const auto stops = checkpoint_steps(a, model);
  const std::string fingerprint = a.checkpoint_at.empty() && a.restore.empty() ? "" : model_fingerprint(a);
  simulation sim(model, a.backend);
  const fs::path staging = staging_dir(out);
  double last_print = 0.0;
  auto on_progress = [&](const progress& p) {
    if (a.quiet || p.wall_s < 3.0 || p.wall_s - last_print < 2.0) return;
    last_print = p.wall_s;
    const double rtf = p.model_ms > 0 ? p.wall_s / (p.model_ms * 1e-3) : 0.0;
    spdlog::info("[{:3.0f}%] t = {:.1f} / {:.1f} ms, wall {:.1f} s, RTF {:.3g}, ETA {:.0f} s", 100.0 * p.fraction,
                 p.model_ms, model.simulation.t_stop, p.wall_s, rtf,
                 p.fraction > 0 ? p.wall_s * (1.0 - p.fraction) / p.fraction : 0.0);
  };
  int code = 0;
  try {
    sim.build();
    if (!a.quiet) spdlog::info("built {} ({} neurons) on the {} backend, {} thread(s)", a.model,
                               model.total_neurons(), a.backend, sim.engine().threads());
    if (!a.restore.empty()) {
      sim.restore(a.restore, fingerprint);
      if (!a.quiet) spdlog::info("restored {} at t = {} ms", a.restore, sim.engine().current_step() * model.simulation.dt);
    }
    try {
      sim.run(on_progress, stops, [&](long long step) {
        const double t = static_cast<double>(step) * model.simulation.dt;
        sim.save_checkpoint((staging / checkpoint_name(t)).string(), fingerprint);
        if (!a.quiet) spdlog::info("checkpoint at t = {} ms: {}", t, (out / checkpoint_name(t)).string());
      });
    } catch (const numerical_error& e) {
      spdlog::error("{}", e.what());
      code = 3;
    }
    sim.write(staging.string(), format);
    write_marker(staging);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
  publish(staging, out);
  if (!a.quiet) print_summary(std::cout, sim.report(), a.out);
  if (code == 3) spdlog::error("run stopped early; partial results are in {}", a.out);
  return code;
}

int cmd_validate(const cli::arguments& a) {
  const model_spec model = load_model(a.model, options_of(a));
  print_validation(std::cout, model);
  return 0;
}

int cmd_info() {
  std::cout << "tribody " << version() << "\n";
  std::cout << "SONATA/HDF5 output: " << (sonata_output_available() ? "yes" : "no (csv only)") << "\n";
  std::cout << "backends:\n";
  for (const auto& b : backends()) {
    std::cout << "  " << b.name << ": " << (b.compiled ? "compiled" : "not compiled") << " - " << b.detail << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto log = spdlog::stderr_color_mt("tribody");
  spdlog::set_default_logger(log);
  spdlog::set_pattern("%^%l%$: %v");
  try {
    const auto a = cli::parse_arguments(std::vector<std::string>(argv + 1, argv + argc));
    if (a.command == "help") {
      std::cout << cli::usage_text();
      return 0;
    }
    if (a.command == "version") {
      std::cout << "tribody " << version() << "\n";
      return 0;
    }
    if (a.command == "run") return cmd_run(a);
    if (a.command == "validate") return cmd_validate(a);
    if (a.command == "models") return print_models(std::cout, a.model);
    return cmd_info();
  } catch (const model_error& e) {
    spdlog::error("invalid model: {}", e.what());
    return 2;
  } catch (const usage_error& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const backend_unavailable& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const capacity_error& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const io_error& e) {
    spdlog::error("{}", e.what());
    return 4;
  } catch (const fs::filesystem_error& e) {
    spdlog::error("{}", e.what());
    return 4;
  } catch (const std::bad_alloc&) {  // (the memory checks come first; this is what they could not foresee)
    spdlog::error("does not fit: an allocation failed (more memory than this process may use); nothing was written");
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("internal error: {}", e.what());
    return 1;
  }
}
