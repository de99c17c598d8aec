// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "built-trace.h"

extern "C" {
#include "lab-analysis.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace {

using core_test::MS;
using core_test::S;
constexpr gint64 T0 = 50 * S;   /* the trace's begin on the monotonic clock */

/* A trace of @workload on @cores cores with @workers workers, begun at T0. */
struct Built : core_test::BuiltTrace
{
  Built (const char *workload, guint cores, guint workers, const char *model = "threads")
    : BuiltTrace (workload, cores, workers, model, T0)
  {
  }
  std::vector<LabFlightStep>
  steps ()
  {
    GArray *a = lab_analysis_flight_steps (trace);
    std::vector<LabFlightStep> v (&g_array_index (a, LabFlightStep, 0),
                                  &g_array_index (a, LabFlightStep, 0) + a->len);
    g_array_unref (a);
    return v;
  }
  LabTraceAnalysis
  analysis ()
  {
    LabTraceAnalysis out;
    lab_analysis_compute (trace, &out);
    return out;
  }
};

/* The value of the step function at @t_ms. */
LabFlightStep
at (const std::vector<LabFlightStep> &steps, gint64 t_ms)
{
  LabFlightStep found = { 0, 0, 0 };
  for (const auto &s : steps)
    if (s.t_ns <= t_ms * MS)
      found = s;
  return found;
}

void
expect_sorted_and_changing (const std::vector<LabFlightStep> &steps)
{
  for (size_t i = 1; i < steps.size (); i++)
    {
      EXPECT_LT (steps[i - 1].t_ns, steps[i].t_ns) << "step " << i;
      EXPECT_TRUE (steps[i - 1].in_flight != steps[i].in_flight
                   || steps[i - 1].busy != steps[i].busy) << "step " << i << " changes nothing";
    }
}

TEST (FlightSteps, SequentialIsOneTaskOnOneCore)
{
  Built b ("cpu 2x100ms", 2, 2, "sequential");
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  b.add (0, 1, LAB_STATE_QUEUED, -1, 0, 100);
  b.add (0, 1, LAB_STATE_RUNNING, 1, 100, 200);
  b.finish (200);

  auto steps = b.steps ();
  expect_sorted_and_changing (steps);
  ASSERT_GE (steps.size (), 2u);
  EXPECT_EQ (steps.front ().t_ns, 0);
  EXPECT_EQ (at (steps, 50).in_flight, 1u) << "a queued task is not in flight";
  EXPECT_EQ (at (steps, 50).busy, 1u);
  EXPECT_EQ (at (steps, 150).in_flight, 1u);
  EXPECT_EQ (at (steps, 150).busy, 1u) << "another core, but only one at a time";
  EXPECT_EQ (steps.back ().t_ns, 200 * MS);
  EXPECT_EQ (steps.back ().in_flight, 0u);
  EXPECT_EQ (steps.back ().busy, 0u);

  LabTraceAnalysis a = b.analysis ();
  EXPECT_EQ (a.span_ns, 200 * MS);
  EXPECT_NEAR (a.mean_busy, 1.0, 1e-9);
  EXPECT_NEAR (a.mean_in_flight, 1.0, 1e-9);
  EXPECT_NEAR (a.progress_serial_share, 1.0, 1e-9) << "one task at a time";
  EXPECT_EQ (a.work_cpu_ns, 200 * MS);
  EXPECT_EQ (a.cpu_serial_ns, 200 * MS);
  /* One worker's run says nothing of how the work would split over cores. */
  EXPECT_TRUE (std::isnan (a.serial_fraction));
  EXPECT_TRUE (std::isnan (a.amdahl_limit));
  EXPECT_EQ (a.usable_cores, 2u);
  EXPECT_TRUE (a.has_cpu_work);
  EXPECT_NEAR (a.state_share[LAB_STATE_QUEUED], 1.0 / 3.0, 1e-9);
  EXPECT_NEAR (a.state_share[LAB_STATE_RUNNING], 2.0 / 3.0, 1e-9);
}

TEST (FlightSteps, ParallelUsesTwoCores)
{
  Built b ("cpu 2x100ms", 2, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 80);
  b.add (1, 1, LAB_STATE_READY, 1, 80, 100);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 100, 120);
  b.finish (120);

  auto steps = b.steps ();
  expect_sorted_and_changing (steps);
  EXPECT_EQ (at (steps, 10).in_flight, 2u);
  EXPECT_EQ (at (steps, 10).busy, 2u);
  EXPECT_EQ (at (steps, 90).in_flight, 2u) << "a ready task is still in flight";
  EXPECT_EQ (at (steps, 90).busy, 1u);
  EXPECT_EQ (at (steps, 110).in_flight, 1u);
  EXPECT_EQ (at (steps, 110).busy, 1u);

  LabTraceAnalysis a = b.analysis ();
  /* busy: 2 for 80 ms, 1 for 40 ms over 120 ms. */
  EXPECT_NEAR (a.mean_busy, (2.0 * 80 + 40) / 120.0, 1e-9);
  EXPECT_EQ (a.max_busy, 2u);
  EXPECT_EQ (a.max_in_flight, 2u);
  /* progress all 120 ms; only one task progressing from 80 to 120. */
  EXPECT_EQ (a.progress_ns, 120 * MS);
  EXPECT_EQ (a.serial_ns, 40 * MS);
  EXPECT_NEAR (a.progress_serial_share, 1.0 / 3.0, 1e-9);
  /* The work: 2 computing for 80 ms, 1 for 40 ms; its serial part 40 ms.
   * Amdahl: 200 ÷ (40 + 160 ÷ 2) = 1.67, the speedup 200 ÷ 120 measured:
   * nothing sat idle, so the limit is reached exactly. The run's share of
   * time with one task progressing (1/3) would have said 1.5, below it. */
  EXPECT_EQ (a.work_cpu_ns, 200 * MS);
  EXPECT_EQ (a.cpu_serial_ns, 40 * MS);
  EXPECT_NEAR (a.serial_fraction, 0.2, 1e-9);
  EXPECT_NEAR (a.amdahl_limit, 200.0 / 120.0, 1e-9);
  EXPECT_NEAR (a.state_share[LAB_STATE_READY], 20.0 / 220.0, 1e-9);
}

TEST (FlightSteps, SameCoreCountsOnce)
{
  /* The OS shared one core between two threads; the slices it recorded
   * touch and overlap a little where a slice was measured late. */
  Built b ("cpu 2x100ms", 1, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 60);
  b.add (1, 1, LAB_STATE_RUNNING, 0, 50, 110);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 110, 150);
  b.add (1, 1, LAB_STATE_READY, 0, 110, 150);
  b.add (0, 0, LAB_STATE_READY, 0, 60, 110);
  b.finish (150);

  auto steps = b.steps ();
  for (const auto &s : steps)
    EXPECT_LE (s.busy, 1u) << "at " << s.t_ns;
  EXPECT_EQ (at (steps, 55).in_flight, 2u);
  LabTraceAnalysis a = b.analysis ();
  EXPECT_NEAR (a.mean_busy, 1.0, 1e-9);
}

TEST (FlightSteps, UnknownCoreStillCountsAsBusy)
{
  Built b ("cpu 2x100ms", 2, 2, "processes");
  b.add (0, 0, LAB_STATE_RUNNING, -1, 0, 100);
  b.add (1, 1, LAB_STATE_RUNNING, -1, 0, 100);
  b.finish (100);
  EXPECT_EQ (at (b.steps (), 50).busy, 2u);
}

// Segments in any order, many at the same instants (the sweep sorts
// their events in place): every step counts what a brute force counts.
TEST (FlightSteps, AnyOrderGivesTheCountsOfABruteForce)
{
  Built b ("io 300x1s", 4, 8);
  std::vector<std::pair<gint64, gint64>> spans (300, { G_MAXINT64, G_MININT64 });
  std::vector<std::tuple<gint64, gint64, gint>> running;
  guint32 seed = 11;
  auto next = [&seed] (guint32 n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
  };

  for (guint i = 0; i < 5000; i++)
    {
      guint32 task = next (300);
      gint64 from = next (200) * 5, to = from + 5 * (1 + next (20));
      LabState state = next (3) == 0 ? LAB_STATE_RUNNING : LAB_STATE_WAITING_IO;
      gint core = state == LAB_STATE_RUNNING ? (gint) next (4) : -1;

      b.add (next (8), task, state, core, from, to);
      spans[task].first = MIN (spans[task].first, from);
      spans[task].second = MAX (spans[task].second, to);
      if (state == LAB_STATE_RUNNING)
        running.emplace_back (from, to, core);
    }
  b.finish (1200);
  auto steps = b.steps ();
  ASSERT_GT (steps.size (), 10u);
  for (gsize i = 1; i < steps.size (); i++)
    {
      gint64 t = steps[i].t_ns / MS;
      guint in_flight = 0;
      std::vector<bool> busy (4, false);

      ASSERT_GT (steps[i].t_ns, steps[i - 1].t_ns);
      for (const auto &s : spans)
        in_flight += s.first <= t && t < s.second;
      for (const auto &r : running)
        if (std::get<0> (r) <= t && t < std::get<1> (r))
          busy[std::get<2> (r)] = true;
      EXPECT_EQ (steps[i].in_flight, in_flight) << "at " << t << " ms";
      EXPECT_EQ (steps[i].busy, (guint) std::count (busy.begin (), busy.end (), true))
          << "at " << t << " ms";
    }
}

TEST (Analysis, GilIsSerialThoughAllAreInFlight)
{
  /* Two threads hand the lock back and forth every 5 ms over 100 ms. */
  Built b ("cpu 2x50ms", 2, 2, "threads-gil");
  for (int k = 0; k < 20; k++)
    {
      guint task = k % 2;
      b.add (task, task, LAB_STATE_RUNNING, (gint) task, k * 5, k * 5 + 5);
      b.add (1 - task, 1 - task, LAB_STATE_WAITING_LOCK, -1, k * 5, k * 5 + 5);
    }
  b.finish (100);

  auto steps = b.steps ();
  EXPECT_EQ (at (steps, 52).in_flight, 2u);
  EXPECT_EQ (at (steps, 52).busy, 1u);
  LabTraceAnalysis a = b.analysis ();
  EXPECT_NEAR (a.serial_fraction, 1.0, 1e-9) << "waiting for the lock is not computing";
  EXPECT_NEAR (a.amdahl_limit, 1.0, 1e-9) << "the lock made the work serial";
  EXPECT_NEAR (a.mean_in_flight, 2.0, 1e-9);
  EXPECT_NEAR (a.state_share[LAB_STATE_WAITING_LOCK], 0.5, 1e-9);
  EXPECT_EQ (a.state_wall_ns[LAB_STATE_WAITING_LOCK], 100 * MS);
}

TEST (Analysis, WaitsOverlapOnTheLoop)
{
  /* The lesson's run: waits of 3, 1 and 2 s at once on one thread. */
  Built b ("io 3,1,2s", 2, 2, "event-loop");
  b.add (0, 0, LAB_STATE_WAITING_IO, -1, 0, 3000);
  b.add (0, 1, LAB_STATE_WAITING_IO, -1, 0, 1000);
  b.add (0, 2, LAB_STATE_WAITING_IO, -1, 0, 2000);
  b.finish (3000);

  auto steps = b.steps ();
  EXPECT_EQ (at (steps, 500).in_flight, 3u);
  EXPECT_EQ (at (steps, 1500).in_flight, 2u);
  EXPECT_EQ (at (steps, 2500).in_flight, 1u);
  EXPECT_EQ (at (steps, 500).busy, 0u) << "waiting uses no core";

  LabTraceAnalysis a = b.analysis ();
  EXPECT_FALSE (a.has_cpu_work);
  EXPECT_NEAR (a.mean_in_flight, 2.0, 1e-9);
  EXPECT_NEAR (a.mean_busy, 0.0, 1e-9);
  EXPECT_NEAR (a.progress_serial_share, 1.0 / 3.0, 1e-9);
  /* Pure I/O: Amdahl's law speaks of computation; the waits at once are
   * the work waited ÷ the time. */
  EXPECT_TRUE (std::isnan (a.serial_fraction));
  EXPECT_TRUE (std::isnan (a.amdahl_limit));
  EXPECT_EQ (a.work_wait_ns, 6 * S);
  EXPECT_EQ (a.work_cpu_ns, 0);
  EXPECT_NEAR (a.state_share[LAB_STATE_WAITING_IO], 1.0, 1e-9);
}

TEST (Analysis, AmdahlLimitIsNeverBelowTheSpeedup)
{
  /* Two tasks compute together for 90 ms, one alone for 10 ms: the run's
   * share of time with one task progressing (10 %) gives 1.82, below the
   * 1.90 measured; the serial share of the work gives 1.90. */
  Built b ("cpu 2x100ms", 2, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 90);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 100);
  b.finish (100);

  LabTraceAnalysis a = b.analysis ();
  double speedup = (double) a.work_cpu_ns / (double) a.span_ns;
  EXPECT_NEAR (speedup, 1.9, 1e-9);
  EXPECT_NEAR (a.serial_fraction, 10.0 / 190.0, 1e-9);
  EXPECT_GE (a.amdahl_limit, speedup - 1e-12);
  EXPECT_NEAR (a.amdahl_limit, 1.9, 1e-9);
}

TEST (Analysis, APartOfTheWorkHasNoAmdahlLimit)
{
  Built b ("cpu 2x100ms", 2, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 50);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 50);
  lab_trace_end (b.trace, T0 + 50 * MS);
  lab_trace_mark_stopped (b.trace);

  LabTraceAnalysis a = b.analysis ();
  EXPECT_EQ (a.work_cpu_ns, 100 * MS) << "what was measured is still measured";
  EXPECT_TRUE (std::isnan (a.amdahl_limit)) << "but says nothing of the whole work";
  EXPECT_TRUE (std::isnan (a.serial_fraction));
}

TEST (Analysis, MoreComputingThanCoresCountsTheCoresOnly)
{
  /* Slices measured a little late make three tasks "run" on two cores for
   * a moment: the work counts two there, so no figure exceeds the cores. */
  Built b ("cpu 3x100ms", 2, 3);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 100);
  b.add (2, 2, LAB_STATE_RUNNING, 0, 90, 190);
  b.finish (190);

  LabTraceAnalysis a = b.analysis ();
  EXPECT_EQ (a.usable_cores, 2u);
  EXPECT_EQ (a.work_cpu_ns, (2 * 100 + 90) * MS) << "10 ms of three counted as two";
  EXPECT_LE ((double) a.work_cpu_ns / a.span_ns, (double) a.usable_cores);
  EXPECT_GE (a.amdahl_limit, (double) a.work_cpu_ns / a.span_ns - 1e-12);
}

TEST (Analysis, SpawningAndHandOverAreOverhead)
{
  Built b ("cpu 2x100ms", 2, 2, "processes");
  b.add (0, 0, LAB_STATE_SPAWNING, -1, 0, 40);
  b.add (1, 1, LAB_STATE_SPAWNING, -1, 0, 30);
  b.add (0, 0, LAB_STATE_IPC, -1, 40, 41);
  b.add (1, 1, LAB_STATE_IPC, -1, 30, 31);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 41, 141);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 31, 131);
  b.finish (141);

  LabTraceAnalysis a = b.analysis ();
  EXPECT_EQ (a.state_wall_ns[LAB_STATE_SPAWNING], 40 * MS);
  EXPECT_EQ (a.overhead_wall_ns, 41 * MS);
  EXPECT_NEAR (a.overhead_share, 72.0 / 272.0, 1e-9);
  EXPECT_EQ (at (b.steps (), 10).in_flight, 2u) << "starting its worker is not queued";
}

TEST (Analysis, LiveTraceReadsWhatIsRecorded)
{
  Built b ("cpu 2x1s", 2, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 50);
  /* not finished: no end */
  ASSERT_FALSE (lab_trace_is_finished (b.trace));

  LabTraceAnalysis a = b.analysis ();
  EXPECT_GE (a.span_ns, 100 * MS) << "up to the last segment at least";
  EXPECT_EQ (a.progress_ns, 100 * MS);
  auto steps = b.steps ();
  EXPECT_EQ (at (steps, 20).busy, 2u);
  EXPECT_EQ (at (steps, 70).busy, 1u);
}

TEST (Analysis, EmptyTraceIsQuiet)
{
  Built b ("cpu 2x1s", 2, 2);
  auto steps = b.steps ();
  ASSERT_EQ (steps.size (), 1u);
  EXPECT_EQ (steps[0].in_flight, 0u);
  LabTraceAnalysis a = b.analysis ();
  EXPECT_TRUE (std::isnan (a.serial_fraction));
  EXPECT_TRUE (std::isnan (a.amdahl_limit));
  EXPECT_EQ (a.task_ns, 0);
}

TEST (Analysis, AmdahlLaw)
{
  EXPECT_NEAR (lab_analysis_amdahl (0.0, 4), 4.0, 1e-12);
  EXPECT_NEAR (lab_analysis_amdahl (1.0, 4), 1.0, 1e-12);
  EXPECT_NEAR (lab_analysis_amdahl (0.5, 2), 1.0 / 0.75, 1e-12);
  EXPECT_TRUE (std::isnan (lab_analysis_amdahl (NAN, 4)));
}

TEST (Analysis, HundredThousandTasks)
{
  /* The event loop's largest run: 100,000 waits, each queued a little
   * then waiting 1 s, staggered over 100 ms. */
  Built b ("io 100000x1s", 2, 2, "event-loop");
  LabTraceWriter *w = lab_trace_get_writer (b.trace, 0);
  for (guint32 i = 0; i < 100000; i++)
    {
      gint64 start = T0 + (gint64) (i % 1000) * 100000;   /* 0 .. 100 ms */
      lab_trace_writer_add (w, i, LAB_STATE_QUEUED, -1, T0, start);
      lab_trace_writer_add (w, i, LAB_STATE_WAITING_IO, -1, start, start + S);
      lab_trace_writer_add (w, i, LAB_STATE_RUNNING, i % 2, start + S, start + S + 1000);
    }
  b.finish (1101);

  gint64 t = g_get_monotonic_time ();
  auto steps = b.steps ();
  LabTraceAnalysis a = b.analysis ();
  gint64 took_us = g_get_monotonic_time () - t;
  std::printf ("100,000 tasks: %zu steps, steps + analysis in %.0f ms\n",
               steps.size (), took_us / 1000.0);

  expect_sorted_and_changing (steps);
  EXPECT_EQ (at (steps, 500).in_flight, 100000u);
  EXPECT_EQ (steps.back ().in_flight, 0u);
  EXPECT_GT (a.mean_in_flight, 80000.0);
  EXPECT_LE (a.max_busy, 2u);
}

}  // namespace
