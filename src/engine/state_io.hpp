// Checkpoints (docs/checkpoints.md): one visitor per engine lists its run
// state once (visit_state), and the same list both writes it and reads it
// back. A checkpoint is a sequence of named blobs: name, element size,
// count, bytes. Reading checks each name and size against the network
// being restored, so a checkpoint of another network is refused, not
// misread.
#pragma once

#include <cstdint>
#include <cstring>
#include <istream>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "tribody/errors.hpp"
#include "tribody/recordings.hpp"

namespace tribody::engine {

// Raw blobs on a stream.
struct blob_writer {
  std::ostream& os;
  void put(const std::string& name, std::size_t elem, std::uint64_t count, const void* bytes) {
    const std::uint64_t len = name.size(), size = elem;
    os.write(reinterpret_cast<const char*>(&len), 8);
    os.write(name.data(), static_cast<std::streamsize>(len));
    os.write(reinterpret_cast<const char*>(&size), 8);
    os.write(reinterpret_cast<const char*>(&count), 8);
    if (count > 0) os.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(count * elem));
  }
};

struct blob_reader {
  std::istream& is;
  // The next blob, which must be `name` with elements of `elem` bytes; its count.
  std::uint64_t header(const std::string& name, std::size_t elem) {
    std::uint64_t len = 0, size = 0, count = 0;
    read(&len, 8, name);
    if (len > 4096) mismatch(name, "a corrupt entry");
    std::string got(len, '\0');
    read(got.data(), len, name);
    read(&size, 8, name);
    read(&count, 8, name);
    if (got != name || size != elem) mismatch(name, "\"" + got.substr(0, 80) + "\"");
    // No entry is longer than what is left of the stream (a damaged count
    // must not allocate terabytes).
    const auto here = is.tellg();
    is.seekg(0, std::ios::end);
    const auto end = is.tellg();
    is.seekg(here);
    if (here >= 0 && end >= here && count > static_cast<std::uint64_t>(end - here) / (elem > 0 ? elem : 1)) {
      throw io_error("the checkpoint ends before its entry \"" + name + "\": it is truncated or damaged");
    }
    return count;
  }
  void read(void* to, std::uint64_t n, const std::string& name) {
    if (n > 0 && !is.read(static_cast<char*>(to), static_cast<std::streamsize>(n))) {
      throw io_error("the checkpoint ends before its entry \"" + name + "\": it is truncated");
    }
  }
  [[noreturn]] static void mismatch(const std::string& name, const std::string& got) {
    throw usage_error("the checkpoint does not match this network: expected its state \"" + name + "\", found " + got +
                      " (a checkpoint of another model, or of another version of tribody)");
  }
};

// Writes a run state: executor arrays (downloaded), host values, host vectors.
template <class X>
struct state_saver {
  const X& x;
  blob_writer out;
  static constexpr bool loading = false;
  template <class T>
  void array(const std::string& name, const typename X::template array<T>& a) {
    const auto v = x.download(a);
    out.put(name, sizeof(T), v.size(), v.data());
  }
  template <class T>
  void value(const std::string& name, const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.put(name, sizeof(T), 1, &v);
  }
  template <class T>
  void vector(const std::string& name, const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.put(name, sizeof(T), v.size(), v.data());
  }
  void vector(const std::string& name, const std::vector<bool>& v) {
    const std::vector<unsigned char> b(v.begin(), v.end());
    vector(name, b);
  }
  // A container's length, before its elements.
  void size(const std::string& name, std::size_t n) { value(name, static_cast<std::uint64_t>(n)); }
};

// Reads a run state into a network built from the same model: every array
// keeps its size (and its place in memory: the views and captured graphs
// that point into it stay valid).
template <class X>
struct state_loader {
  const X& x;
  blob_reader in;
  static constexpr bool loading = true;
  template <class T>
  void array(const std::string& name, typename X::template array<T>& a) {
    const auto n = in.header(name, sizeof(T));
    if (n != a.size()) {
      blob_reader::mismatch(name, std::to_string(n) + " elements where this network has " + std::to_string(a.size()));
    }
    std::vector<T> v(n);
    in.read(v.data(), n * sizeof(T), name);
    x.upload(a, v);
  }
  template <class T>
  void value(const std::string& name, T& v) {
    if (in.header(name, sizeof(T)) != 1) blob_reader::mismatch(name, "several values");
    in.read(&v, sizeof(T), name);
  }
  template <class T>
  void vector(const std::string& name, std::vector<T>& v) {
    const auto n = in.header(name, sizeof(T));
    if (n > (std::uint64_t{1} << 40) / sizeof(T)) blob_reader::mismatch(name, "a corrupt length");
    v.resize(n);
    in.read(v.data(), n * sizeof(T), name);
  }
  void vector(const std::string& name, std::vector<bool>& v) {
    std::vector<unsigned char> b;
    vector(name, b);
    v.assign(b.begin(), b.end());
  }
  // A container's length: the caller resizes to it.
  void size(const std::string& name, std::size_t& n) {
    std::uint64_t k = 0;
    value(name, k);
    if (k > (std::uint64_t{1} << 32)) blob_reader::mismatch(name, "a corrupt length");
    n = static_cast<std::size_t>(k);
  }
};

// What was recorded so far (the restored run's outputs then hold the whole run).
template <class IO, class R>
void visit_recordings(IO& io, R& r) {
  io.vector("rec.spike_count", r.spike_count);
  io.vector("rec.spikes_recorded", r.spikes_recorded);
  io.vector("rec.release_count", r.release_count);
  io.vector("rec.releases_recorded", r.releases_recorded);
  io.vector("rec.reward_count", r.reward_count);
  auto each = [&io](const std::string& name, auto& list, auto&& body) {
    std::size_t n = list.size();
    io.size(name, n);
    if constexpr (IO::loading) list.resize(n);
    for (std::size_t k = 0; k < n; ++k) body(name + "[" + std::to_string(k) + "]", list[k]);
  };
  auto spikes = [&io](const std::string& n, auto& s) {
    io.vector(n + ".steps", s.steps);
    io.vector(n + ".ids", s.ids);
  };
  each("rec.spikes", r.spikes, spikes);
  each("rec.releases", r.releases, spikes);
  each("rec.states", r.states, [&io](const std::string& n, auto& s) {
    io.vector(n + ".steps", s.steps);
    io.vector(n + ".values", s.values);
  });
  each("rec.weights", r.weights, [&io](const std::string& n, auto& w) {
    io.vector(n + ".steps", w.steps);
    io.vector(n + ".sources", w.sources);
    io.vector(n + ".targets", w.targets);
    io.vector(n + ".synapses", w.synapses);
    io.vector(n + ".weights", w.weights);
  });
  each("rec.snapshots", r.snapshots, [&io, &each](const std::string& n, auto& s) {
    io.vector(n + ".steps", s.steps);
    each(n + ".weights", s.weights, [&io](const std::string& m, auto& w) { io.vector(m, w); });
  });
  each("rec.plastic_weights", r.plastic_weights, [&io](const std::string& n, auto& w) { io.vector(n, w); });
}

}  // namespace tribody::engine
