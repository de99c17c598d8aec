// SPDX-License-Identifier: GPL-3.0-or-later
// What-if runs: a run confined to fewer cores by CPU affinity.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exec-test-helpers.h"

extern "C" {
#include <sched.h>

#include "lab-affinity.h"
#include "lab-error.h"
#include "lab-figures.h"
#include "lab-runner.h"
#include "lab-stats.h"
#include "lab-trace-json.h"
#include "../plan-test-helpers.h"
}

using namespace exec_test;

namespace {

constexpr gint64 MS = 1000000;

guint
thread_cpu_count ()
{
  cpu_set_t set;
  CPU_ZERO (&set);
  EXPECT_EQ (sched_getaffinity (0, sizeof set, &set), 0);
  return CPU_COUNT (&set);
}

LabComparison *
run_limited (const char *workload_text, const char *models, guint n_workers, guint limit)
{
  GError *error = nullptr;
  LabRunPlanBuilder *builder = test_plan_builder_new (workload_text, models, n_workers);
  EXPECT_TRUE (lab_affinity_check_limit (limit, &error));
  lab_run_plan_builder_set_core_limit (builder, limit);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  lab_run_plan_builder_free (builder);
  LabRunner *runner = lab_runner_new_for_plan (plan);
  lab_run_plan_unref (plan);
  LabComparison *c = lab_runner_run_sync (runner, nullptr, &error);
  EXPECT_NE (c, nullptr) << (error != nullptr ? error->message : "");
  g_object_unref (runner);
  return c;
}

/* Two RUNNING segments of different workers that overlap in time on
 * different cores: parallel computation. */
guint
count_parallel_overlaps (LabTrace *trace)
{
  std::vector<LabSegment> running;
  for (const LabSegment &s : segments_of (trace))
    if (s.state == LAB_STATE_RUNNING && s.end_ns > s.begin_ns)
      running.push_back (s);
  guint n = 0;
  for (size_t i = 0; i < running.size (); i++)
    for (size_t j = i + 1; j < running.size (); j++)
      {
        const LabSegment &a = running[i], &b = running[j];
        if (a.core != b.core && a.begin_ns < b.end_ns && b.begin_ns < a.end_ns)
          n++;
      }
  return n;
}

TEST (WhatIf, EnterConfinesTheThreadAndLeaveRestoresIt)
{
  guint before = thread_cpu_count ();
  LabAffinity *one = lab_affinity_new (1, nullptr);
  ASSERT_NE (one, nullptr);
  EXPECT_EQ (lab_affinity_get_limit (one), 1u);

  LabAffinityScope *scope = lab_affinity_enter (one);
  ASSERT_NE (scope, nullptr);
  EXPECT_EQ (thread_cpu_count (), 1u);
  EXPECT_TRUE (lab_affinity_contains (one, sched_getcpu ())) << "runs where it is confined";
  // The machine's size is the process's, not the confined thread's.
  EXPECT_EQ (lab_affinity_count_available (), before);
  lab_affinity_leave (scope);
  EXPECT_EQ (thread_cpu_count (), before);

  EXPECT_EQ (lab_affinity_enter (nullptr), nullptr) << "no affinity: nothing changes";
  EXPECT_EQ (thread_cpu_count (), before);
  lab_affinity_free (one);
}

TEST (WhatIf, LimitAboveTheMachineIsRefused)
{
  guint available = lab_affinity_count_available ();
  GError *error = nullptr;

  EXPECT_FALSE (lab_affinity_check_limit (available + 1, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_RANGE));
  std::string message = error->message;
  EXPECT_NE (message.find (std::to_string (available + 1)), std::string::npos) << message;
  EXPECT_NE (message.find ("only " + std::to_string (available)), std::string::npos) << message;
  g_clear_error (&error);

  EXPECT_EQ (lab_affinity_new (available + 1, &error), nullptr);
  EXPECT_NE (error, nullptr);
  g_clear_error (&error);

  EXPECT_TRUE (lab_affinity_check_limit (available, nullptr));
  EXPECT_TRUE (lab_affinity_check_limit (0, nullptr));

  /* A plan above the machine (made elsewhere) runs on every core, and its
   * comparison says so by recording no limit. */
  LabRunPlan *plain = test_plan_new ("cpu 1ms", "sequential", 1);
  LabRunPlan *above = lab_run_plan_with_core_limit (plain, available + 1);
  LabRunner *runner = lab_runner_new_for_plan (above);
  LabComparison *c = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_NE (c, nullptr);
  EXPECT_EQ (lab_comparison_get_core_limit (c), 0u);
  EXPECT_EQ (lab_run_plan_get_core_limit (lab_runner_get_plan (runner)), available + 1)
      << "the runner's plan is the one it was given";
  lab_comparison_unref (c);
  g_object_unref (runner);
  lab_run_plan_unref (above);
  lab_run_plan_unref (plain);
}

TEST (WhatIf, OneCoreThreadsNeverComputeInParallel)
{
  guint before = thread_cpu_count ();
  LabComparison *c = run_limited ("cpu 2x150ms", "sequential,threads", 2, 1);
  ASSERT_NE (c, nullptr);
  EXPECT_EQ (lab_comparison_get_core_limit (c), 1u);
  EXPECT_EQ (lab_comparison_get_n_cores (c), lab_affinity_count_available ())
      << "the core lanes still show every core";

  LabTrace *seq = lab_comparison_dup_trace_of_model (c, "sequential");
  LabTrace *thr = lab_comparison_dup_trace_of_model (c, "threads");
  ASSERT_NE (thr, nullptr);
  EXPECT_EQ (lab_trace_get_core_limit (thr), 1u);
  EXPECT_EQ (count_parallel_overlaps (thr), 0u) << "one core: the threads take turns";
  gint core = -1;
  for (const LabSegment &s : segments_of (thr))
    if (s.state == LAB_STATE_RUNNING)
      {
        if (core < 0)
          core = s.core;
        EXPECT_EQ (s.core, core) << "every slice on the one core allowed";
      }
  EXPECT_GE (core, 0);

  LabFigures *f = lab_figures_new (c, thr);
  LabTraceStats seq_stats;
  EXPECT_EQ (f->usable_cores, 1u);
  /* The ideal comes from the work measured, spread over the one core: all
   * of it, well above the 150 ms two cores would allow. */
  EXPECT_GE (f->ideal_ns, 250 * MS) << "the ideal counts the one core";
  EXPECT_LE (f->ideal_ns, f->elapsed_ns);
  EXPECT_LE (f->speedup, 1.0) << "one core computes one task at a time";
  /* Generous: on a machine busy with other work the sequential run is
   * preempted too, and by more than the threads' turns on one core. */
  lab_trace_compute_stats (seq, &seq_stats);
  EXPECT_GT ((double) seq_stats.elapsed_ns / f->elapsed_ns, 0.5);
  EXPECT_LT ((double) seq_stats.elapsed_ns / f->elapsed_ns, 1.8)
      << "two threads on one core are not faster";
  lab_figures_free (f);

  EXPECT_EQ (thread_cpu_count (), before) << "the caller's thread is not confined";
  lab_trace_unref (seq);
  lab_trace_unref (thr);
  lab_comparison_unref (c);
}

TEST (WhatIf, WorkerProcessesInheritTheLimit)
{
  LabComparison *c = run_limited ("cpu 2x80ms", "processes,loop-offload", 2, 1);
  ASSERT_NE (c, nullptr);
  for (const char *id : { "processes", "loop-offload" })
    {
      LabTrace *t = lab_comparison_dup_trace_of_model (c, id);
      ASSERT_NE (t, nullptr);
      EXPECT_EQ (lab_trace_get_error (t), nullptr);
      EXPECT_EQ (lab_trace_get_n_finished (t), 2u);
      EXPECT_EQ (count_parallel_overlaps (t), 0u) << id;
      lab_trace_unref (t);
    }
  lab_comparison_unref (c);
}

TEST (WhatIf, NoLimitRecordsZero)
{
  LabComparison *c = run_limited ("cpu 2x5ms", "threads", 2, 0);
  ASSERT_NE (c, nullptr);
  EXPECT_EQ (lab_comparison_get_core_limit (c), 0u);
  LabTrace *t = lab_comparison_dup_trace (c, 0);
  EXPECT_EQ (lab_trace_get_core_limit (t), 0u);
  LabTraceStats stats;
  lab_trace_compute_stats (t, &stats);
  EXPECT_EQ (stats.usable_cores, MIN (2u, lab_comparison_get_n_cores (c)));
  lab_trace_unref (t);
  lab_comparison_unref (c);
}

LabComparison *
small_comparison (guint cores, guint limit)
{
  LabWorkload *w = lab_workload_parse ("cpu 4x10ms", nullptr);
  LabRunPlanBuilder *builder = lab_run_plan_builder_new (w, MAX (cores, 1u));
  lab_run_plan_builder_set_core_limit (builder, limit);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  lab_run_plan_builder_free (builder);
  LabComparison *c = lab_comparison_new_for_plan (plan, cores);
  lab_run_plan_unref (plan);
  LabTrace *t = lab_trace_new ("threads", w, cores);
  lab_trace_set_n_workers (t, 4);
  lab_trace_set_core_limit (t, limit);
  lab_trace_begin (t, 1000 * MS);
  lab_trace_writer_add (lab_trace_get_writer (t, 0), 0, LAB_STATE_RUNNING, 0, 1000 * MS,
                        1010 * MS);
  lab_trace_end (t, 1040 * MS);
  lab_comparison_add_trace (c, t);
  lab_trace_unref (t);
  lab_workload_unref (w);
  return c;
}

std::string
json_of (LabComparison *c)
{
  gsize len = 0;
  char *text = lab_trace_json_to_string (c, &len);
  std::string out (text, len);
  g_free (text);
  return out;
}

TEST (WhatIf, LimitRoundTripsThroughJson)
{
  LabComparison *c = small_comparison (4, 2);
  std::string text = json_of (c);
  GError *error = nullptr;
  LabComparison *back = lab_trace_json_from_string (text.c_str (), -1, &error);
  ASSERT_NE (back, nullptr) << error->message;
  EXPECT_EQ (lab_comparison_get_core_limit (back), 2u);
  LabTrace *t = lab_comparison_dup_trace (back, 0);
  EXPECT_EQ (lab_trace_get_core_limit (t), 2u);
  LabTraceStats stats;
  lab_trace_compute_stats (t, &stats);
  EXPECT_EQ (stats.usable_cores, 2u) << "min (limit 2, cores 4, workers 4, tasks 4)";
  EXPECT_EQ (json_of (back), text);
  lab_trace_unref (t);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
}

std::string
replace_all (std::string text, const std::string &from, const std::string &to)
{
  for (size_t at = 0; (at = text.find (from, at)) != std::string::npos; at += to.size ())
    text.replace (at, from.size (), to);
  return text;
}

TEST (WhatIf, FilesWithoutALimitLoadAsEveryCore)
{
  LabComparison *c = small_comparison (4, 0);
  std::string text = replace_all (json_of (c), "\"core_limit\":0,", "");
  ASSERT_EQ (text.find ("core_limit"), std::string::npos);
  LabComparison *back = lab_trace_json_from_string (text.c_str (), -1, nullptr);
  ASSERT_NE (back, nullptr);
  EXPECT_EQ (lab_comparison_get_core_limit (back), 0u);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
}

TEST (WhatIf, BadLimitInAFileIsRejected)
{
  LabComparison *c = small_comparison (4, 2);
  std::string good = json_of (c);
  lab_comparison_unref (c);
  struct Case { std::string text; const char *part; };
  std::vector<Case> cases = {
    { replace_all (good, "\"core_limit\":2", "\"core_limit\":5"), "“core_limit” is 5, outside 0 to 4" },
    { replace_all (good, "\"core_limit\":2", "\"core_limit\":-1"), "“core_limit” is -1" },
    { replace_all (good, "\"core_limit\":2", "\"core_limit\":\"2\""), "“core_limit” must be an integer" },
    { replace_all (good, "\"core_limit\":2", "\"core_limit\":1.5"), "“core_limit” must be an integer" },
  };
  for (const Case &k : cases)
    {
      ASSERT_NE (k.text, good);
      GError *error = nullptr;
      LabComparison *back = lab_trace_json_from_string (k.text.c_str (), -1, &error);
      EXPECT_EQ (back, nullptr) << k.part;
      ASSERT_NE (error, nullptr) << k.part;
      EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID));
      EXPECT_NE (std::string (error->message).find (k.part), std::string::npos) << error->message;
      EXPECT_NE (std::string (error->message).find ("metadata"), std::string::npos)
          << "names where: " << error->message;
      g_clear_error (&error);
    }
}

}  // namespace
