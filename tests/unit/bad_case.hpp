// One case of a bad-input corpus: a model that must be refused with a
// message that starts with the JSON path and names what was expected.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <ostream>
#include <string>

#include "tribody/errors.hpp"
#include "tribody/model_io.hpp"

namespace tribody::test {

struct bad_case {
  const char* name;
  std::string json;
  const char* path;  // the path the error must name
  const char* text;  // a fragment the message must contain
};

// gtest prints parameters; show the case name instead of raw bytes.
inline void PrintTo(const bad_case& c, std::ostream* os) { *os << c.name; }

// TRIBODY_CORPUS_DIR: each case's model is also written there, as a seed
// of the loader's fuzzing corpus (tools/run_tests.sh).
inline void save_to_corpus(const bad_case& c) {
  const char* dir = std::getenv("TRIBODY_CORPUS_DIR");
  if (dir == nullptr || *dir == '\0') return;
  std::ofstream(std::string(dir) + "/" + c.name + ".json", std::ios::binary) << c.json;
}

inline void expect_refused(const bad_case& c) {
  save_to_corpus(c);
  try {
    parse_model(c.json);
    FAIL() << c.name << ": the model was accepted";
  } catch (const model_error& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(c.path, 0), 0u) << c.name << ": message does not start with the path " << c.path << ": " << msg;
    EXPECT_NE(msg.find(c.text), std::string::npos) << c.name << ": '" << c.text << "' not in: " << msg;
  }
}

inline std::string case_name(const ::testing::TestParamInfo<bad_case>& i) { return i.param.name; }

}  // namespace tribody::test
