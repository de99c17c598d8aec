// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "exec-test-helpers.h"

extern "C" {
#include "lab-cpu-monitor.h"
#include "lab-cpu-work.h"
#include "lab-cpu.h"
#include "lab-gil.h"
}

using namespace exec_test;

namespace {

constexpr gint64 INTERVAL = 5 * LAB_NS_PER_MS;

TEST (Gil, AcquireReleaseByOwner)
{
  LabGil *gil = lab_gil_new (INTERVAL);
  gboolean waited = TRUE;

  EXPECT_FALSE (lab_gil_is_held (gil));
  EXPECT_TRUE (lab_gil_acquire (gil, nullptr, &waited));
  EXPECT_FALSE (waited);
  EXPECT_TRUE (lab_gil_is_held (gil));
  // Taking it again is a no-op for the holder.
  EXPECT_TRUE (lab_gil_acquire (gil, nullptr, &waited));
  EXPECT_FALSE (waited);

  std::thread other ([&] { EXPECT_FALSE (lab_gil_is_held (gil)); lab_gil_release (gil); });
  other.join ();
  EXPECT_TRUE (lab_gil_is_held (gil)) << "only the holder can release";

  lab_gil_release (gil);
  EXPECT_FALSE (lab_gil_is_held (gil));
  EXPECT_FALSE (lab_gil_drop_requested (gil));
  lab_gil_free (gil);
}

// A waiter asks for the lock after one switch interval; the holder drops at
// its next check and the waiter gets it before the holder can retake it.
TEST (Gil, DropRequestAfterIntervalForcesSwitch)
{
  LabGil *gil = lab_gil_new (INTERVAL);
  std::atomic<bool> waiter_has_it { false };
  std::atomic<gint64> requested_at { 0 };
  gint64 start;

  ASSERT_TRUE (lab_gil_acquire (gil, nullptr, nullptr));
  start = lab_clock_now_ns ();
  std::thread waiter ([&] {
    gboolean waited = FALSE;
    EXPECT_TRUE (lab_gil_acquire (gil, nullptr, &waited));
    EXPECT_TRUE (waited);
    waiter_has_it = true;
    g_usleep (20000);
    lab_gil_release (gil);
  });

  while (!lab_gil_drop_requested (gil) && lab_clock_now_ns () - start < LAB_NS_PER_S)
    g_usleep (100);
  requested_at = lab_clock_now_ns () - start;
  EXPECT_TRUE (lab_gil_drop_requested (gil));
  EXPECT_GE (requested_at, INTERVAL - LAB_NS_PER_MS);

  guint64 switches = lab_gil_get_n_switches (gil);
  EXPECT_TRUE (lab_gil_yield (gil, nullptr));
  // FORCE_SWITCHING: by the time the yield returns, the waiter had it.
  EXPECT_TRUE (waiter_has_it);
  EXPECT_GE (lab_gil_get_n_switches (gil), switches + 2);
  EXPECT_TRUE (lab_gil_is_held (gil));
  lab_gil_release (gil);
  waiter.join ();
  lab_gil_free (gil);
}

TEST (Gil, WaitForLockStopsOnCancel)
{
  LabGil *gil = lab_gil_new (INTERVAL);
  GCancellable *cancellable = g_cancellable_new ();
  gint64 took = 0;

  ASSERT_TRUE (lab_gil_acquire (gil, nullptr, nullptr));
  std::thread waiter ([&] {
    gint64 t0 = lab_clock_now_ns ();
    EXPECT_FALSE (lab_gil_acquire (gil, cancellable, nullptr));
    EXPECT_FALSE (lab_gil_is_held (gil));
    took = lab_clock_now_ns () - t0;
  });
  g_usleep (30000);
  g_cancellable_cancel (cancellable);
  waiter.join ();
  EXPECT_LT (took, 200 * LAB_NS_PER_MS);
  lab_gil_release (gil);
  g_object_unref (cancellable);
  lab_gil_free (gil);
}

struct ThreadRun
{
  Collector c;
  gint64    begin = 0;
  gint64    end = 0;
};

// The known result: CPU-bound threads under the GIL are no faster than one
// thread, and they take turns.
TEST (Gil, CpuThreadsUnderGilAreNoFasterThanSequential)
{
  const gint64 work = 60 * LAB_NS_PER_MS;
  const guint n = MAX (2u, lab_cpu_count ());
  double rate = lab_cpu_calibrate ();
  guint64 iterations = lab_cpu_iterations_for (rate, work);
  LabGil *gil = lab_gil_new (INTERVAL);
  std::vector<ThreadRun> runs (n);
  std::vector<std::thread> threads;

  // Sequential, timed before and after the GIL run: other programs slowing
  // one of them would fake a gain, so the faster of the two counts.
  auto time_sequential = [&] {
    gint64 s0 = lab_clock_now_ns ();
    for (guint i = 0; i < n; i++)
      {
        Collector c;
        lab_exec_cpu (&c.recorder, i, iterations, nullptr, nullptr);
      }
    return lab_clock_now_ns () - s0;
  };
  gint64 sequential = time_sequential ();

  gint64 g0 = lab_clock_now_ns ();
  for (guint i = 0; i < n; i++)
    threads.emplace_back ([&, i] {
      EXPECT_TRUE (lab_exec_cpu (&runs[i].c.recorder, i, iterations, Hooks (nullptr, gil).get (), nullptr));
      lab_gil_release (gil);
    });
  for (auto &t : threads)
    t.join ();
  gint64 with_gil = lab_clock_now_ns () - g0;
  sequential = MIN (sequential, time_sequential ());

  double speedup = (double) sequential / (double) with_gil;
  printf ("[ measure  ] %u threads × %.0f ms CPU: sequential %.0f ms, under the GIL %.0f ms "
          "(speedup %.2f), %" G_GUINT64_FORMAT " switches\n",
          n, work / 1e6, sequential / 1e6, with_gil / 1e6, speedup, lab_gil_get_n_switches (gil));
  EXPECT_LE (speedup, 1.2);
  EXPECT_GE (lab_gil_get_n_switches (gil), 4u) << "the threads took turns";

  gint64 lock_wait = 0;
  std::vector<Seg> running;
  for (auto &r : runs)
    {
      lock_wait += r.c.total (LAB_STATE_WAITING_LOCK);
      for (const Seg &s : r.c.segs)
        if (s.state == LAB_STATE_RUNNING)
          running.push_back (s);
    }
  EXPECT_GT (lock_wait, work / 2);

  // Mutual exclusion: running segments of different threads barely overlap
  // (a slice boundary's clock reads happen outside the lock).
  std::sort (running.begin (), running.end (),
             [] (const Seg &a, const Seg &b) { return a.begin < b.begin; });
  gint64 overlap = 0, reach = 0;
  for (const Seg &s : running)
    {
      if (s.begin < reach)
        overlap += MIN (reach, s.end) - s.begin;
      reach = MAX (reach, s.end);
    }
  EXPECT_LT (overlap, with_gil / 20);
  lab_gil_free (gil);
}

// Waiting releases the lock: a computing thread is not held up by a waiter.
TEST (Gil, WaitReleasesTheLock)
{
  LabGil *gil = lab_gil_new (INTERVAL);
  double rate = lab_cpu_calibrate ();
  Collector waiter_c, worker_c;

  ASSERT_TRUE (lab_gil_acquire (gil, nullptr, nullptr));
  std::thread worker ([&] {
    g_usleep (5000);
    lab_exec_cpu (&worker_c.recorder, 1, lab_cpu_iterations_for (rate, 30 * LAB_NS_PER_MS),
                  Hooks (nullptr, gil).get (), nullptr);
    lab_gil_release (gil);
  });
  EXPECT_TRUE (lab_exec_wait (&waiter_c.recorder, 0, 80 * LAB_NS_PER_MS, Hooks (nullptr, gil).get ()));
  EXPECT_TRUE (lab_gil_is_held (gil)) << "taken again after the wait";
  lab_gil_release (gil);
  worker.join ();

  EXPECT_LT (worker_c.total (LAB_STATE_WAITING_LOCK), 10 * LAB_NS_PER_MS);
  EXPECT_GE (waiter_c.total (LAB_STATE_WAITING_IO), 80 * LAB_NS_PER_MS);
  lab_gil_free (gil);
}

}  // namespace
