// Checkpoint files (docs/checkpoints.md): a header line, a JSON line that
// says what wrote them (version, model fingerprint, step), then the run
// state as the engines list it (engine/state_io.hpp).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "backend.hpp"
#include "plan/network_plan.hpp"
#include "sim/simulation_impl.hpp"
#include "tribody/errors.hpp"
#include "tribody/simulation.hpp"

namespace tribody {

namespace {

constexpr const char* magic = "tribody checkpoint 1";

std::string reason() { return errno != 0 ? std::strerror(errno) : "the write failed"; }

}  // namespace

void simulation::save_checkpoint(const std::string& path, const std::string& fingerprint) {
  if (!impl_->built) build();
  auto& eng = *impl_->engine;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("cannot write the checkpoint '" + tmp + "': " + reason());
    const nlohmann::json head = {{"tribody_version", version()},
                                 {"fingerprint", fingerprint},
                                 {"step", eng.current_step()},
                                 {"t_ms", static_cast<double>(eng.current_step()) * impl_->net.dt},
                                 {"model", impl_->model.source},
                                 {"backend", eng.name()}};
    out << magic << "\n" << head.dump() << "\n";
    errno = 0;
    eng.save_state(out);
    out.flush();
    if (!out) {
      const std::string why = reason();
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw io_error("cannot write the checkpoint '" + path + "': " + why + " (nothing was left behind)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw io_error("cannot write the checkpoint '" + path + "': " + ec.message());
  }
}

void simulation::restore(const std::string& path, const std::string& fingerprint) {
  if (!impl_->built) build();
  if (std::filesystem::is_directory(path)) throw io_error("cannot read the checkpoint '" + path + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot read the checkpoint '" + path + "': " + std::strerror(errno));
  std::string line, head_text;
  std::getline(in, line);
  if (line != magic) throw usage_error("'" + path + "' is not a tribody checkpoint");
  std::getline(in, head_text);
  nlohmann::json head;
  try {
    head = nlohmann::json::parse(head_text);
  } catch (const nlohmann::json::exception&) {
    throw usage_error("'" + path + "' is not a tribody checkpoint (its header is damaged)");
  }
  const std::string v = head.value("tribody_version", ""), f = head.value("fingerprint", "");
  if (v != version()) {
    throw usage_error("the checkpoint '" + path + "' was written by tribody " + v + "; this is tribody " + version() +
                      ": restore it with the version that wrote it");
  }
  if (f != fingerprint) {
    throw usage_error("the checkpoint '" + path + "' is of another model (it was written for " +
                      head.value("model", std::string("?")) +
                      "; the model file, its --param and --seed must be the same, only t_stop may differ)");
  }
  const long long step = head.value("step", -1LL);
  if (step < 0 || step > impl_->net.n_steps) {
    throw usage_error("the checkpoint '" + path + "' is at t = " + std::to_string(head.value("t_ms", 0.0)) +
                      " ms, beyond this run's t_stop = " + std::to_string(impl_->net.n_steps * impl_->net.dt) + " ms");
  }
  impl_->engine->load_state(in);
  if (in.peek() != std::char_traits<char>::eof()) {
    throw usage_error("the checkpoint '" + path + "' holds more than this network's state: it is of another network");
  }
}

}  // namespace tribody
