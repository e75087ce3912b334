// The executor's collectives and launch geometry, checked on the CPU: the
// CUDA executor must give the same (unique) results, and its grid sizes
// come from the same host functions.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "cpu/cpu_backend.hpp"
#include "cpu/cpu_executor.hpp"
#include "engine/launch_geometry.hpp"
#include "test_util.hpp"
#include "tribody/errors.hpp"
#include "tribody/model_io.hpp"

using namespace tribody;

TEST(LaunchGeometry, EveryWorkSizeGetsAtLeastOneBlockAndAtMostTheCap) {
  EXPECT_EQ(engine::blocks_for(0, 256), 1u);  // empty projections: a valid, idle launch
  EXPECT_EQ(engine::blocks_for(1, 256), 1u);
  EXPECT_EQ(engine::blocks_for(256, 256), 1u);
  EXPECT_EQ(engine::blocks_for(257, 256), 2u);
  EXPECT_EQ(engine::blocks_for(1ULL << 40, 256), engine::max_grid_blocks);  // beyond 2^32: the stride covers it
  EXPECT_EQ(engine::blocks_for(~0ULL, 256), engine::max_grid_blocks);
}

TEST(LaunchGeometry, HashSetCapacityEndsForAnyDrawCount) {
  EXPECT_EQ(engine::hash_set_capacity(0), 16u);
  EXPECT_EQ(engine::hash_set_capacity(7), 16u);
  EXPECT_EQ(engine::hash_set_capacity(8), 32u);
  EXPECT_EQ(engine::hash_set_capacity(1ULL << 31), 1ULL << 33);  // looped forever in 32 bits
  EXPECT_EQ(engine::hash_set_capacity(4294967295ULL), 1ULL << 33);
}

TEST(Collectives, RadixSortIsStableAndMatchesStdStableSort) {
  std::mt19937_64 g(3);
  for (int bits : {1, 5, 11, 12, 22, 33, 64}) {
    for (int threads : {1, 2, 3}) {
      for (unsigned long long n : {0ULL, 1ULL, 17ULL, 5000ULL}) {
        std::vector<unsigned long long> keys(n);
        const unsigned long long mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
        for (auto& k : keys) k = g() & mask & (g() % 3 == 0 ? 0xfULL : ~0ULL);  // many ties
        std::vector<unsigned long long> expect(n);
        std::iota(expect.begin(), expect.end(), 0ULL);
        std::stable_sort(expect.begin(), expect.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
        std::vector<unsigned long long> perm, sorted;
        cpu::cpu_executor{threads}.stable_sort_keys(keys, n, bits, perm, sorted);
        ASSERT_EQ(perm, expect) << "bits " << bits << " threads " << threads << " n " << n;
        for (unsigned long long k = 0; k < n; ++k) ASSERT_EQ(sorted[k], keys[perm[k]]);
      }
    }
  }
}

TEST(Collectives, SelectFlaggedKeepsAscendingOrder) {
  std::vector<int> flags = {0, 1, 1, 0, 0, 1, 0, 1};
  std::vector<unsigned> out(flags.size());
  unsigned long long count = 99;
  cpu::cpu_executor{2}.select_flagged(flags, flags.size(), out, &count);
  ASSERT_EQ(count, 4u);
  EXPECT_EQ(std::vector<unsigned>(out.begin(), out.begin() + 4), (std::vector<unsigned>{1, 2, 5, 7}));
  cpu::cpu_executor{1}.select_flagged(flags, 0, out, &count);
  EXPECT_EQ(count, 0u);
}

TEST(Collectives, ForEachInsideATeamSharesTheWork) {
  std::vector<int> hits(1000, 0);
  const cpu::cpu_executor x{2};
  struct mark {
    int* h;
    void operator()(unsigned long long i) const { ++h[i]; }
  };
#pragma omp parallel num_threads(2)
  x.for_each(hits.size(), mark{hits.data()}, "mark");  // a worksharing loop: each element once
  for (int h : hits) ASSERT_EQ(h, 1);
  x.for_each(hits.size(), mark{hits.data()}, "mark");  // outside a team: its own team
  for (int h : hits) ASSERT_EQ(h, 2);
}

TEST(FailureSemantics, AFailedRunRefusesToContinueUntilRebuilt) {
  const std::string text = R"({"simulation": {"dt": 0.1, "t_stop": 100.0, "slow_dt": 10.0},
    "populations": [{"name": "E", "size": 2, "model": "iaf_psc_exp"}],
    "astrocytes": [{"name": "A", "size": 3, "model": "astro_gchi", "initial": {"C": 1e200}}]})";
  const auto net = plan::make_plan(parse_model(text));
  auto b = make_backend("cpu", 1);
  b->build(net);
  EXPECT_THROW(b->run(net.n_steps), numerical_error);
  EXPECT_EQ(b->current_step(), 100);  // the slow step that failed ends with step 99
  try {
    b->run(10);
    FAIL() << "a failed run went on";
  } catch (const numerical_error&) {
    FAIL() << "the second call ran and failed again instead of refusing";
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot continue"), std::string::npos) << e.what();
  }
  EXPECT_EQ(b->current_step(), 100);
  b->build(net);  // a new build starts over
  EXPECT_THROW(b->run(net.n_steps), numerical_error);
}
