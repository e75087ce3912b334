#include "cli/args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

#include "tribody/errors.hpp"

namespace tribody::cli {
namespace {

double parse_double(const std::string& opt, const std::string& s) {
  char* end = nullptr;
  errno = 0;
  // (decimal only: strtod would also take hexadecimal and leading spaces)
  const bool decimal = !s.empty() && s.find_first_not_of("0123456789+-.eE") == std::string::npos;
  const double x = decimal ? std::strtod(s.c_str(), &end) : 0.0;
  if (!decimal || *end != '\0' || errno != 0 || !std::isfinite(x)) {
    throw usage_error(opt + ": got '" + s + "'; expected a number");
  }
  return x;
}

unsigned long long parse_unsigned(const std::string& opt, const std::string& s, unsigned long long max) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long x = std::strtoull(s.c_str(), &end, 10);
  if (s.empty() || s[0] == '-' || *end != '\0' || errno != 0 || x > max) {
    throw usage_error(opt + ": got '" + s + "'; expected an integer in [0, " + std::to_string(max) + "]");
  }
  return x;
}

}  // namespace

std::string usage_text() {
  return R"(usage:
  tribody run MODEL.json --out DIR [options]   build the network, simulate, write results
  tribody validate MODEL.json [--param k=v]    check a model and print a summary; runs nothing
  tribody info                                 version, backends compiled in, devices found
  tribody models [NAME]                        neuron models and their parameters

run options:
  --out DIR             output directory (required; refused if it exists and is not empty)
  --overwrite           replace an existing output directory (only once the run has finished)
  --backend cpu|cuda    compute backend (default cpu)
  --threads N           CPU threads (default: the model's simulation.threads, else all cores)
  --seed N              override simulation.seed
  --t-stop MS           override simulation.t_stop (ms)
  --format sonata|csv   output format (default sonata: spikes.h5 and SONATA reports)
  --param NAME=VALUE    override an entry of the model's "parameters" (repeatable)
  --checkpoint-at T,..  write the whole run state at these times (ms) into DIR (docs/checkpoints.md)
  --restore FILE        continue the run from a checkpoint of the same model
  --quiet               no progress or summary
)";
}

arguments parse_arguments(const std::vector<std::string>& argv) {
  arguments a;
  if (argv.empty()) throw usage_error("no command given\n" + usage_text());
  a.command = argv[0];
  if (a.command == "--help" || a.command == "-h" || a.command == "help") {
    a.command = "help";
    return a;
  }
  if (a.command == "--version") {
    a.command = "version";
    return a;
  }
  if (a.command != "run" && a.command != "validate" && a.command != "info" && a.command != "models") {
    throw usage_error("unknown command '" + a.command + "'; expected run, validate, info or models");
  }
  std::vector<std::string> positional;
  std::set<std::string> given;  // an option given twice is refused, not the last taken
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    if (s.size() > 2 && s[0] == '-' && s[1] == '-' && s != "--param" && !given.insert(s).second) {
      throw usage_error(s + " is given twice; give it once");
    }
    auto value = [&]() -> std::string {
      if (i + 1 >= argv.size()) throw usage_error(s + " needs a value");
      return argv[++i];
    };
    const bool run_only = s == "--out" || s == "--overwrite" || s == "--backend" || s == "--threads" ||
                          s == "--seed" || s == "--t-stop" || s == "--format" || s == "--quiet" ||
                          s == "--checkpoint-at" || s == "--restore";
    if (run_only && a.command != "run") throw usage_error(s + " is an option of 'tribody run'");
    if (s == "--out") {
      a.out = value();
    } else if (s == "--overwrite") {
      a.overwrite = true;
    } else if (s == "--quiet") {
      a.quiet = true;
    } else if (s == "--backend") {
      a.backend = value();
      if (a.backend != "cpu" && a.backend != "cuda") throw usage_error("--backend: got '" + a.backend + "'; expected cpu or cuda");
    } else if (s == "--format") {
      a.format = value();
      if (a.format != "sonata" && a.format != "csv") throw usage_error("--format: got '" + a.format + "'; expected sonata or csv");
    } else if (s == "--threads") {
      a.threads = static_cast<int>(parse_unsigned(s, value(), 4096));
    } else if (s == "--seed") {
      a.seed = parse_unsigned(s, value(), ~0ULL);
    } else if (s == "--t-stop") {
      a.t_stop = parse_double(s, value());
      if (*a.t_stop <= 0.0) throw usage_error("--t-stop: expected a time > 0 ms");
    } else if (s == "--checkpoint-at") {
      const std::string list = value();
      std::size_t at = 0;
      while (true) {
        const auto comma = list.find(',', at);
        const std::string item = list.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        const double t = parse_double(s, item);
        if (!(t > 0.0)) throw usage_error(s + ": got '" + item + "'; expected times > 0 ms, separated by commas");
        if (!a.checkpoint_at.empty() && t <= a.checkpoint_at.back()) {
          throw usage_error(s + ": got '" + item + "' after a later or equal time; expected ascending times, each once");
        }
        a.checkpoint_at.push_back(t);
        if (a.checkpoint_at.size() > 1000) throw usage_error(s + ": at most 1000 times (each writes the whole run state)");
        if (comma == std::string::npos) break;
        at = comma + 1;
      }
    } else if (s == "--restore") {
      a.restore = value();
      if (a.restore.empty()) throw usage_error("--restore needs a checkpoint file");
    } else if (s == "--param") {
      if (a.command == "info" || a.command == "models") throw usage_error("--param needs a model");
      const std::string kv = value();
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw usage_error("--param: got '" + kv + "'; expected NAME=VALUE");
      const std::string name = kv.substr(0, eq);
      if (a.params.count(name) != 0) throw usage_error("--param " + name + " is given twice; give it once");
      a.params[name] = parse_double("--param " + name, kv.substr(eq + 1));
    } else if (!s.empty() && s[0] == '-') {
      throw usage_error("unknown option '" + s + "'\n" + usage_text());
    } else {
      positional.push_back(s);
    }
  }
  const bool needs_model = a.command == "run" || a.command == "validate";
  if (needs_model && positional.size() != 1) throw usage_error("'tribody " + a.command + "' takes one model file");
  if (a.command == "info" && !positional.empty()) throw usage_error("'tribody info' takes no arguments");
  if (a.command == "models" && positional.size() > 1) throw usage_error("'tribody models' takes at most one name");
  if (!positional.empty()) a.model = positional[0];
  if (a.command == "run" && a.out.empty()) throw usage_error("'tribody run' needs --out DIR");
  return a;
}

}  // namespace tribody::cli
