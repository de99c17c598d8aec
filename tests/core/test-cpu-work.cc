// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <sched.h>
#include <thread>

#include "exec-test-helpers.h"

extern "C" {
#include "lab-cpu-work.h"
}

using namespace exec_test;

namespace {

TEST (CpuWork, KernelIsDeterministicAndDependsOnIterations)
{
  guint64 a = 42, b = 42, c = 42;

  lab_cpu_kernel (1000, &a);
  lab_cpu_kernel (1000, &b);
  lab_cpu_kernel (1001, &c);
  EXPECT_EQ (a, b);
  EXPECT_NE (a, c);
  EXPECT_NE (a, 42u);

  guint64 d = 7;
  lab_cpu_kernel (0, &d);
  EXPECT_EQ (d, 7u);
}

TEST (CpuWork, CalibrationIsQuickAndCached)
{
  gint64 t0 = lab_clock_now_ns ();
  double first = lab_cpu_calibrate ();
  gint64 t1 = lab_clock_now_ns ();
  double second = lab_cpu_calibrate ();
  gint64 t2 = lab_clock_now_ns ();

  printf ("[ measure  ] calibration %.0f iterations/ms in %.1f ms\n",
          first, (double) (t1 - t0) / 1e6);
  EXPECT_GT (first, 100.0);
  EXPECT_EQ (first, second);
  // Under 100 ms of CPU; wall time allows for a busy machine.
  EXPECT_LT (t1 - t0, 400 * LAB_NS_PER_MS);
  EXPECT_LT (t2 - t1, LAB_NS_PER_MS);
  // Cached: a value from elsewhere is not taken any more.
  EXPECT_FALSE (lab_cpu_set_calibration (first * 2));
  EXPECT_TRUE (lab_cpu_set_calibration (first));
}

TEST (CpuWork, IterationsFor)
{
  EXPECT_EQ (lab_cpu_iterations_for (1000.0, LAB_NS_PER_MS), 1000u);
  EXPECT_EQ (lab_cpu_iterations_for (1000.0, 2500 * LAB_NS_PER_US), 2500u);
  EXPECT_EQ (lab_cpu_iterations_for (1000.0, 0), 0u);
  EXPECT_EQ (lab_cpu_iterations_for (1000.0, -5), 0u);
}

// The calibrated amount of work takes about the intended CPU time.
TEST (CpuWork, CalibratedWorkTakesItsTime)
{
  double rate = lab_cpu_calibrate ();
  guint64 state = 1;
  gint64 c0 = lab_clock_thread_cpu_ns ();

  lab_cpu_kernel (lab_cpu_iterations_for (rate, 50 * LAB_NS_PER_MS), &state);
  double ms = (double) (lab_clock_thread_cpu_ns () - c0) / 1e6;
  EXPECT_GT (ms, 50 * 0.6);
  EXPECT_LT (ms, 50 * 1.6);
}

TEST (TaskExec, CpuRecordsCoalescedRunningSegments)
{
  Collector c;
  double rate = lab_cpu_calibrate ();
  gint64 cpu_ns = 0;
  gint64 t0 = lab_clock_now_ns ();

  ASSERT_TRUE (lab_exec_cpu (&c.recorder, 3, lab_cpu_iterations_for (rate, 40 * LAB_NS_PER_MS),
                             nullptr, &cpu_ns));
  gint64 t1 = lab_clock_now_ns ();

  ASSERT_FALSE (c.segs.empty ());
  // 40 ms is about 80 slices: consecutive ones in one state on one core are
  // one segment, so no two neighbours match (under load the OS may preempt
  // many slices, and each change of state or core is a segment of its own).
  EXPECT_LT (c.segs.size (), 80u);
  for (size_t i = 1; i < c.segs.size (); i++)
    EXPECT_FALSE (c.segs[i - 1].state == c.segs[i].state && c.segs[i - 1].core == c.segs[i].core)
      << "segments " << i - 1 << " and " << i << " should be one";
  gint64 covered = 0;
  for (size_t i = 0; i < c.segs.size (); i++)
    {
      const Seg &s = c.segs[i];
      EXPECT_EQ (s.task, 3u);
      EXPECT_TRUE (s.state == LAB_STATE_RUNNING || s.state == LAB_STATE_READY);
      if (s.state == LAB_STATE_RUNNING)
        {
          EXPECT_GE (s.core, 0);
        }
      else
        {
          EXPECT_EQ (s.core, -1);
        }
      EXPECT_GE (s.begin, t0);
      EXPECT_LE (s.end, t1);
      EXPECT_LT (s.begin, s.end);
      if (i > 0)
        {
          EXPECT_EQ (c.segs[i - 1].end, s.begin) << "segments are contiguous";
        }
      covered += s.end - s.begin;
    }
  EXPECT_GT (covered, (t1 - t0) * 9 / 10);
  EXPECT_GT (cpu_ns, 20 * LAB_NS_PER_MS);
}

// Two threads pinned to one core share it: each sees itself preempted.
TEST (TaskExec, PreemptionIsReady)
{
  cpu_set_t one;
  CPU_ZERO (&one);
  CPU_SET (sched_getcpu () >= 0 ? sched_getcpu () : 0, &one);

  Collector a, b;
  double rate = lab_cpu_calibrate ();
  auto body = [&] (Collector *c) {
    sched_setaffinity (0, sizeof one, &one);
    lab_exec_cpu (&c->recorder, 0, lab_cpu_iterations_for (rate, 60 * LAB_NS_PER_MS), nullptr,
                  nullptr);
  };
  std::thread ta (body, &a), tb (body, &b);
  ta.join ();
  tb.join ();

  EXPECT_GT (a.total (LAB_STATE_READY) + b.total (LAB_STATE_READY), 10 * LAB_NS_PER_MS);
}

TEST (TaskExec, CpuStopsOnCancel)
{
  Collector c;
  GCancellable *cancellable = g_cancellable_new ();
  double rate = lab_cpu_calibrate ();
  std::thread canceller ([&] {
    g_usleep (30000);
    g_cancellable_cancel (cancellable);
  });
  gint64 t0 = lab_clock_now_ns ();

  EXPECT_FALSE (lab_exec_cpu (&c.recorder, 0, lab_cpu_iterations_for (rate, 5 * LAB_NS_PER_S),
                              Hooks (cancellable, nullptr).get (), nullptr));
  gint64 t1 = lab_clock_now_ns ();
  canceller.join ();
  EXPECT_LT (t1 - t0, 300 * LAB_NS_PER_MS);
  EXPECT_FALSE (c.segs.empty ()) << "the work done before the cancel is recorded";
  g_object_unref (cancellable);
}

TEST (TaskExec, WaitIsOneWaitingSegment)
{
  Collector c;
  gint64 t0 = lab_clock_now_ns ();

  ASSERT_TRUE (lab_exec_wait (&c.recorder, 1, 50 * LAB_NS_PER_MS, nullptr));
  gint64 t1 = lab_clock_now_ns ();
  ASSERT_EQ (c.segs.size (), 1u);
  EXPECT_EQ (c.segs[0].state, LAB_STATE_WAITING_IO);
  EXPECT_EQ (c.segs[0].core, -1);
  EXPECT_GE (c.segs[0].end - c.segs[0].begin, 50 * LAB_NS_PER_MS);
  EXPECT_LT (t1 - t0, 150 * LAB_NS_PER_MS);
}

// Long segments are handed over in pieces, so live charts see them grow.
TEST (TaskExec, LongSegmentsAreSplitForLiveCharts)
{
  Collector cpu, wait;
  double rate = lab_cpu_calibrate ();
  gint64 t0 = lab_clock_now_ns ();

  ASSERT_TRUE (lab_exec_cpu (&cpu.recorder, 0, lab_cpu_iterations_for (rate, 250 * LAB_NS_PER_MS),
                             nullptr, nullptr));
  ASSERT_TRUE (lab_exec_wait (&wait.recorder, 0, 250 * LAB_NS_PER_MS, nullptr));
  gint64 t1 = lab_clock_now_ns ();

  for (Collector *c : { &cpu, &wait })
    {
      EXPECT_GE (c->segs.size (), 3u);
      for (size_t i = 0; i < c->segs.size (); i++)
        {
          // Split once it reaches 100 ms: the slice that crosses the mark
          // ends it, and on a loaded machine that slice may be preempted
          // for a while.
          EXPECT_LE (c->segs[i].end - c->segs[i].begin, 125 * LAB_NS_PER_MS);
          if (i > 0)
            {
              EXPECT_EQ (c->segs[i - 1].end, c->segs[i].begin);
            }
        }
    }
  EXPECT_GE (wait.total (LAB_STATE_WAITING_IO), 250 * LAB_NS_PER_MS);
  EXPECT_LE (cpu.segs.front ().begin - t0, LAB_NS_PER_MS);
  EXPECT_LE (t1 - wait.segs.back ().end, LAB_NS_PER_MS);
}

TEST (TaskExec, WaitStopsOnCancel)
{
  Collector c;
  GCancellable *cancellable = g_cancellable_new ();
  std::thread canceller ([&] {
    g_usleep (30000);
    g_cancellable_cancel (cancellable);
  });
  gint64 t0 = lab_clock_now_ns ();

  EXPECT_FALSE (lab_exec_wait (&c.recorder, 0, 10 * LAB_NS_PER_S, Hooks (cancellable, nullptr).get ()));
  canceller.join ();
  EXPECT_LT (lab_clock_now_ns () - t0, 200 * LAB_NS_PER_MS);
  ASSERT_EQ (c.segs.size (), 1u);
  EXPECT_LT (c.segs[0].end - c.segs[0].begin, 200 * LAB_NS_PER_MS);
  g_object_unref (cancellable);
}

// Measured, not asserted: what one slice boundary costs.
TEST (TaskExec, MeasureSliceOverhead)
{
  Collector c;
  double rate = lab_cpu_calibrate ();
  guint64 iterations = lab_cpu_iterations_for (rate, 100 * LAB_NS_PER_MS);
  guint64 state = 1;
  const int n_probe = 100000;

  // The best of three of each, so that one disturbed run does not decide.
  gint64 bare = G_MAXINT64, sliced = G_MAXINT64;
  for (int round = 0; round < 3; round++)
    {
      gint64 c0 = lab_clock_thread_cpu_ns ();
      lab_cpu_kernel (iterations, &state);
      gint64 c1 = lab_clock_thread_cpu_ns ();
      lab_exec_cpu (&c.recorder, 0, iterations, nullptr, nullptr);
      gint64 c2 = lab_clock_thread_cpu_ns ();
      bare = MIN (bare, c1 - c0);
      sliced = MIN (sliced, c2 - c1);
    }

  gint64 p0 = lab_clock_thread_cpu_ns ();
  for (int i = 0; i < n_probe; i++)
    {
      (void) lab_clock_now_ns ();
      (void) lab_clock_thread_cpu_ns ();
      (void) sched_getcpu ();
    }
  gint64 p1 = lab_clock_thread_cpu_ns ();

  double n_slices = 200.0;  // 100 ms in slices of 0.5 ms
  printf ("[ measure  ] slice boundary %.0f ns (clock reads + sched_getcpu); "
          "lab_exec_cpu 100 ms vs bare kernel: %+.2f %% (%.0f ns per slice), %zu segments\n",
          (double) (p1 - p0) / n_probe, 100.0 * (double) (sliced - bare) / (double) bare,
          (double) (sliced - bare) / n_slices, c.segs.size () / 3);
  SUCCEED ();
}

}  // namespace
