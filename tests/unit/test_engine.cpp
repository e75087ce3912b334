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
#include "engine/recorded_events.hpp"
#include "engine/step_kernels.hpp"
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
        cpu::cpu_executor::array<unsigned long long> keys(n);
        const unsigned long long mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
        for (auto& k : keys) k = g() & mask & (g() % 3 == 0 ? 0xfULL : ~0ULL);  // many ties
        std::vector<unsigned long long> expect(n);
        std::iota(expect.begin(), expect.end(), 0ULL);
        std::stable_sort(expect.begin(), expect.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
        cpu::cpu_executor::array<unsigned long long> perm, sorted;
        cpu::cpu_executor{threads}.stable_sort_keys(keys, n, bits, perm, sorted);
        ASSERT_EQ(std::vector<unsigned long long>(perm.begin(), perm.end()), expect) << "bits " << bits << " threads " << threads << " n " << n;
        for (unsigned long long k = 0; k < n; ++k) ASSERT_EQ(sorted[k], keys[perm[k]]);
      }
    }
  }
}

TEST(Collectives, SelectFlaggedKeepsAscendingOrder) {
  cpu::cpu_executor::array<int> flags = {0, 1, 1, 0, 0, 1, 0, 1};
  cpu::cpu_executor::array<unsigned> out(flags.size());
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

namespace {

struct every_third {
  bool operator()(unsigned long long i) const { return i % 3 == 1; }
};

}  // namespace

TEST(Collectives, ForEachSelectGivesTheSelectedIndicesInOrderForAnyTeam) {
  for (int threads : {1, 2, 3}) {
    for (unsigned long long n : {0ULL, 1ULL, 2ULL, 1000ULL}) {
      const cpu::cpu_executor x{threads};
      x.reserve_select(n);
      std::vector<unsigned> out(n + 1, 7777);
      unsigned long long count = 99;
      x.for_each_select(n, every_third{}, out.data(), &count, "select");  // its own team
      std::vector<unsigned> want;
      for (unsigned i = 0; i < n; ++i) {
        if (i % 3 == 1) want.push_back(i);
      }
      ASSERT_EQ(count, want.size()) << threads << " " << n;
      EXPECT_EQ(std::vector<unsigned>(out.begin(), out.begin() + count), want);
      unsigned long long in_team = 99;
#pragma omp parallel num_threads(threads)
      x.for_each_select(n, every_third{}, out.data(), &in_team, "select");  // inside the step loop's team
      EXPECT_EQ(in_team, want.size());
      EXPECT_EQ(std::vector<unsigned>(out.begin(), out.begin() + count), want);
    }
  }
}

namespace {

// Row r of a 6-row CSR has r synapses to targets 0 .. r - 1 (sorted).
struct rows_fixture {
  std::vector<unsigned long long> row_ptr{0};
  std::vector<unsigned> col;
  std::vector<unsigned> spikes{5, 2, 0, 4};
  unsigned long long count = 4;
  rows_fixture() {
    for (unsigned r = 0; r < 6; ++r) {
      for (unsigned t = 0; t < r; ++t) col.push_back(t);
      row_ptr.push_back(col.size());
    }
  }
};

struct count_targets {
  const unsigned* col;
  long long* hits;  // per target
  long long* shared;
  template <class Add, class Shared>
  void operator()(int, unsigned long long b, unsigned long long e, Add& add, Shared& shared_add) const {
    for (auto s = b; s < e; ++s) {
      add(hits + col[s], 1);
      shared_add(shared, 1);
    }
  }
};

}  // namespace

TEST(Collectives, ForEachSpikeRowVisitsEverySynapseOfEverySpikeOnce) {
  rows_fixture f;
  engine::delivery d;
  d.spikes = f.spikes.data();
  d.count = &f.count;
  d.csr.row_ptr = f.row_ptr.data();
  d.csr.col = f.col.data();
  d.n_targets = 5;
  const cpu::cpu_executor::array<engine::delivery> tasks{d, d};  // two projections of the same rows
  for (int threads : {1, 2, 3}) {
    const cpu::cpu_executor x{threads};
    std::vector<long long> hits(5, 0);
    long long shared = 0;
    count_targets body{f.col.data(), hits.data(), &shared};
#pragma omp parallel num_threads(threads)
    x.for_each_spike_row(tasks, tasks, body, "rows");
    // Spiking rows 5, 2, 0, 4 reach target t from rows r > t, twice.
    EXPECT_EQ(hits, (std::vector<long long>{6, 6, 4, 4, 2})) << threads;
    EXPECT_EQ(shared, 22) << threads;
  }
}

TEST(RecordedEvents, AppendsInStepIdOrderUpToTheLastStep) {
  population_spikes out;
  engine::append_sorted_events({1, 1, 2, 3}, {4, 7, 0, 1}, 2, out);  // in order (CPU)
  EXPECT_EQ(out.steps, (std::vector<long long>{1, 1, 2}));
  EXPECT_EQ(out.ids, (std::vector<unsigned>{4, 7, 0}));
  engine::append_sorted_events({5, 4, 4, 9}, {0, 9, 3, 2}, 8, out);  // any order (GPU blocks)
  EXPECT_EQ(out.steps, (std::vector<long long>{1, 1, 2, 4, 4, 5}));
  EXPECT_EQ(out.ids, (std::vector<unsigned>{4, 7, 0, 3, 9, 0}));
}

TEST(Collectives, SelectionsInAnIndependentBlockFinishTogether) {
  struct every_fifth {
    bool operator()(unsigned long long i) const { return i % 5 == 0; }
  };
  struct mark {
    int* h;
    void operator()(unsigned long long i) const { h[i] += 1; }
  };
  for (int threads : {1, 2, 3}) {
    const cpu::cpu_executor x{threads};
    x.reserve_select(1000);
    std::vector<unsigned> a(1000), b(1000);
    unsigned long long na = 0, nb = 0;
    std::vector<int> hits(77, 0);
#pragma omp parallel num_threads(threads)
    {
      x.independent([&] {
        x.for_each_select(1000, every_third{}, a.data(), &na, "a");
        x.for_each(hits.size(), mark{hits.data()}, "mark");
        x.for_each_select(999, every_fifth{}, b.data(), &nb, "b");
      });
      x.independent([&] { x.for_each(hits.size(), mark{hits.data()}, "mark"); });
    }
    ASSERT_EQ(na, 333u) << threads;
    ASSERT_EQ(nb, 200u) << threads;
    for (unsigned k = 0; k < na; ++k) ASSERT_EQ(a[k], 3 * k + 1);
    for (unsigned k = 0; k < nb; ++k) ASSERT_EQ(b[k], 5 * k);
    for (int h : hits) ASSERT_EQ(h, 2);
  }
}
