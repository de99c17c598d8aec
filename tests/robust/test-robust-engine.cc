// SPDX-License-Identifier: GPL-3.0-or-later
// The engine under repetition: every model cancelled at 20 seeded random
// points through the runner, and 300 short runs of all models in one
// process. Afterwards nothing is left: threads, descriptors, children and
// memory are what they were.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "robust-helpers.h"

extern "C" {
#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-model.h"
#include "lab-runner.h"
#include "../plan-test-helpers.h"
}

using namespace robust;

namespace {

// GLib lets go of some helpers a moment after a run returns (a thread
// pool's idle threads, a wait context); give them until @ms to settle.
template <typename F>
guint
settled (F count, guint expected, int ms = 1000)
{
  guint n = count ();
  for (int i = 0; i < ms / 10 && n != expected; i++)
    {
      g_usleep (10 * 1000);
      n = count ();
    }
  return n;
}

LabComparison *
run_models (const char       *workload_text,
            const LabModel  **models,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr (GString) ids = g_string_new (NULL);

  for (guint i = 0; models[i] != nullptr; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", models[i]->id);
  g_autoptr (LabRunner) runner = test_runner_new (workload_text, ids->str, 2);
  return lab_runner_run_sync (runner, cancellable, error);
}

guint32
seed ()
{
  const char *text = g_getenv ("LAB_ROBUST_SEED");
  guint32 s = text != nullptr ? (guint32) g_ascii_strtoull (text, nullptr, 10)
                              : (guint32) g_get_real_time ();
  printf ("[ seed     ] %u (set LAB_ROBUST_SEED to repeat)\n", s);
  return s;
}

// Each model, cancelled 20 times at random points from the start of the
// run to well inside it; each cancel returns promptly, and nothing of
// the run remains.
TEST (Cancel, EveryModelAtTwentyRandomPoints)
{
  guint n_models = 0;
  const LabModel * const *all = lab_model_get_all (&n_models);
  std::mt19937 random (seed ());
  std::uniform_int_distribution<int> delay_us (0, 250 * 1000);
  gint64 worst_overall = 0;

  ASSERT_EQ (n_models, 7u);
  for (guint m = 0; m < n_models; m++)
    {
      const LabModel *models[] = { all[m], nullptr };
      // A first run, so whatever GLib keeps for good (its pools) exists.
      LabComparison *warm = run_models ("mixed 2x5ms", models, nullptr, nullptr);
      ASSERT_NE (warm, nullptr);
      lab_comparison_unref (warm);
      guint threads_before = settled (count_threads, 0, 200);
      guint fds_before = settled (count_fds, 0, 200);
      std::vector<gint64> took;

      ASSERT_TRUE (children_of (getpid ()).empty ());
      for (int round = 0; round < 20; round++)
        {
          GCancellable *cancellable = g_cancellable_new ();
          std::atomic<gint64> cancelled_at { 0 };
          int delay = delay_us (random);
          std::thread canceller ([&] {
            g_usleep (delay);
            cancelled_at = lab_clock_now_ns ();
            g_cancellable_cancel (cancellable);
          });
          GError *error = nullptr;
          LabComparison *c = run_models ("mixed 3x1s + cpu 2x1s + io 2x1s", models, cancellable,
                                         &error);
          gint64 returned_at = lab_clock_now_ns ();
          canceller.join ();

          EXPECT_EQ (c, nullptr) << all[m]->id << ": a cancelled run returns no result";
          EXPECT_TRUE (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            << all[m]->id << ": " << (error != nullptr ? error->message : "no error");
          g_clear_error (&error);
          g_clear_pointer (&c, lab_comparison_unref);
          took.push_back (returned_at - cancelled_at);
          EXPECT_LT (returned_at - cancelled_at, 500 * LAB_NS_PER_MS)
            << all[m]->id << " cancelled " << delay / 1000 << " ms in";
          EXPECT_TRUE (children_of (getpid ()).empty ())
            << all[m]->id << ": no child process, not even a zombie";
          EXPECT_EQ (settled (count_threads, threads_before), threads_before)
            << all[m]->id << " round " << round << ", cancelled " << delay / 1000 << " ms in";
          EXPECT_EQ (settled (count_fds, fds_before), fds_before)
            << all[m]->id << " round " << round << ", cancelled " << delay / 1000 << " ms in";
          g_object_unref (cancellable);
        }
      std::sort (took.begin (), took.end ());
      printf ("[ measure  ] %-12s cancel returned: median %.2f ms, max %.2f ms\n", all[m]->id,
              took[took.size () / 2] / 1e6, took.back () / 1e6);
      worst_overall = MAX (worst_overall, took.back ());
    }
  printf ("[ measure  ] every model: cancel returned within %.2f ms at worst\n",
          worst_overall / 1e6);
}

// 300 short runs of all seven models in one process: descriptors and
// threads come back to the same count, and memory stays flat after a
// warm-up (a leak of one trace per run would show as steady growth).
TEST (Soak, ThreeHundredRunsOfAllModelsStayFlat)
{
  guint n_models = 0;
  const LabModel * const *all = lab_model_get_all (&n_models);
  std::vector<const LabModel *> models (all, all + n_models);
  models.push_back (nullptr);
  const int warm_up = 20, runs = 300;
  guint threads_before = 0, fds_before = 0;
  long rss_before = 0, rss_max = 0;
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < runs; i++)
    {
      GError *error = nullptr;
      LabComparison *c = run_models (i % 2 ? "mixed 2x1ms" : "io 2x1ms + cpu 1ms", models.data (),
                                     nullptr, &error);
      ASSERT_NE (c, nullptr) << "run " << i << ": " << error->message;
      for (guint t = 0; t < lab_comparison_get_n_traces (c); t++)
        {
          g_autoptr (LabTrace) trace = lab_comparison_dup_trace (c, t);
          ASSERT_EQ (lab_trace_get_error (trace), nullptr)
            << "run " << i << ", " << lab_trace_get_model_id (trace);
        }
      lab_comparison_unref (c);
      if (i + 1 == warm_up)
        {
          threads_before = settled (count_threads, 0, 200);
          fds_before = settled (count_fds, 0, 200);
          rss_before = rss_kb ();
        }
      else if (i + 1 > warm_up)
        rss_max = MAX (rss_max, rss_kb ());
    }
  double seconds = (g_get_monotonic_time () - start) / 1e6;

  printf ("[ measure  ] %d runs of %u models in %.1f s; RSS %ld kB after %d, at most %ld kB "
          "(%+.1f %%); threads %u, fds %u\n",
          runs, n_models, seconds, rss_before, warm_up, rss_max,
          100.0 * (double) (rss_max - rss_before) / (double) rss_before, threads_before,
          fds_before);
  EXPECT_EQ (settled (count_threads, threads_before), threads_before);
  EXPECT_EQ (settled (count_fds, fds_before), fds_before);
  EXPECT_LE (rss_max, rss_before + rss_before / 10) << "RSS grew more than 10 %";
  EXPECT_TRUE (children_of (getpid ()).empty ());
}

}  // namespace
