// SPDX-License-Identifier: GPL-3.0-or-later
// LabRunPlan: the run's whole description, one immutable value, built
// alike from a lesson and by hand, kept whole in the trace file, and the
// one judge of like with like.

#include <gtest/gtest.h>

#include <string>

#include "lab-error.h"
#include "lab-observed.h"
#include "lab-preset.h"
#include "lab-trace-json.h"
#include "../plan-test-helpers.h"

namespace {

constexpr gint64 MS = 1000000;

/* A plan with every setting away from its default. */
LabRunPlan *
full_plan ()
{
  LabRunPlanBuilder *builder = test_plan_builder_new ("io 3x20ms + cpu 2x10ms",
                                                      "threads:tasks,threads:2,sequential", 3);
  lab_run_plan_builder_set_switch_interval_ns (builder, 2 * MS);
  lab_run_plan_builder_set_core_limit (builder, 1);
  lab_run_plan_builder_set_all_at_once (builder, TRUE);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  lab_run_plan_builder_free (builder);
  return plan;
}

TEST (RunPlan, BuiltWithDefaultsAndEntriesInOrder)
{
  LabRunPlan *plan = test_plan_new ("cpu 2x10ms", "sequential,threads:tasks,threads:4", 2);

  EXPECT_TRUE (G_TYPE_IS_BOXED (lab_run_plan_get_type ()));
  EXPECT_EQ (lab_workload_get_n_tasks (lab_run_plan_get_workload (plan)), 2u);
  EXPECT_EQ (lab_run_plan_get_n_workers (plan), 2u);
  EXPECT_EQ (lab_run_plan_get_switch_interval_ns (plan), LAB_RUN_PLAN_DEFAULT_SWITCH_INTERVAL_NS);
  EXPECT_EQ (lab_run_plan_get_core_limit (plan), 0u) << "every core";
  EXPECT_FALSE (lab_run_plan_get_all_at_once (plan)) << "one model after another";
  ASSERT_EQ (lab_run_plan_get_n_entries (plan), 3u);
  EXPECT_STREQ (lab_run_plan_get_model_id (plan, 0), "sequential");
  EXPECT_STREQ (lab_run_plan_get_model_id (plan, 2), "threads");
  EXPECT_EQ (lab_run_plan_get_entry_workers (plan, 0), 2u) << "the plan's, having none";
  EXPECT_EQ (lab_run_plan_get_entry_workers (plan, 1), 0u) << "one per task";
  EXPECT_EQ (lab_run_plan_get_entry_workers (plan, 2), 4u);
  EXPECT_TRUE (lab_run_plan_has_model (plan, "threads"));
  EXPECT_FALSE (lab_run_plan_has_model (plan, "processes"));
  lab_run_plan_unref (plan);
}

/* A plan never changes: what the builder does after, and the with_ copies
 * What If makes, leave a plan already made as it was. */
TEST (RunPlan, ImmutableOnceBuilt)
{
  LabRunPlanBuilder *builder = test_plan_builder_new ("cpu 2x10ms", "threads", 2);
  LabRunPlan *first = lab_run_plan_builder_end (builder);

  lab_run_plan_builder_add_entry (builder, "sequential", LAB_RUN_WORKERS_DEFAULT);
  lab_run_plan_builder_set_n_workers (builder, 5);
  lab_run_plan_builder_set_core_limit (builder, 1);
  LabRunPlan *second = lab_run_plan_builder_end (builder);
  lab_run_plan_builder_free (builder);
  EXPECT_EQ (lab_run_plan_get_n_entries (first), 1u);
  EXPECT_EQ (lab_run_plan_get_n_workers (first), 2u);
  EXPECT_EQ (lab_run_plan_get_core_limit (first), 0u);
  EXPECT_EQ (lab_run_plan_get_n_entries (second), 2u);
  EXPECT_EQ (lab_run_plan_get_n_workers (second), 5u);

  LabRunPlan *fewer = lab_run_plan_with_core_limit (first, 1);
  LabRunPlan *faster = lab_run_plan_with_switch_interval_ns (fewer, 1 * MS);
  EXPECT_EQ (lab_run_plan_get_core_limit (first), 0u);
  EXPECT_EQ (lab_run_plan_get_switch_interval_ns (first), LAB_RUN_PLAN_DEFAULT_SWITCH_INTERVAL_NS);
  EXPECT_EQ (lab_run_plan_get_core_limit (fewer), 1u);
  EXPECT_EQ (lab_run_plan_get_switch_interval_ns (fewer), LAB_RUN_PLAN_DEFAULT_SWITCH_INTERVAL_NS);
  EXPECT_EQ (lab_run_plan_get_core_limit (faster), 1u);
  EXPECT_EQ (lab_run_plan_get_switch_interval_ns (faster), 1 * MS);
  EXPECT_EQ (lab_run_plan_get_workload (faster), lab_run_plan_get_workload (first))
      << "a copy shares the (immutable) workload";
  EXPECT_FALSE (lab_run_plan_equal (first, fewer));
  EXPECT_TRUE (lab_run_plan_equal (first, first));

  lab_run_plan_unref (faster);
  lab_run_plan_unref (fewer);
  lab_run_plan_unref (second);
  lab_run_plan_unref (first);
}

/* Equal: the same run, however it was written: "threads" with the plan's 2
 * workers is "threads:2"; any other setting or entry makes another run. */
TEST (RunPlan, EqualMeansTheSameRun)
{
  LabRunPlan *a = test_plan_new ("cpu 2x10ms", "sequential,threads", 2);
  LabRunPlan *b = test_plan_new ("cpu 10ms,10ms", "sequential,threads:2", 2);
  LabRunPlan *other_workers = test_plan_new ("cpu 2x10ms", "sequential,threads", 3);
  LabRunPlan *other_order = test_plan_new ("cpu 2x10ms", "threads,sequential", 2);
  LabRunPlan *fewer = test_plan_new ("cpu 2x10ms", "sequential", 2);

  EXPECT_TRUE (lab_run_plan_equal (a, b));
  EXPECT_FALSE (lab_run_plan_equal (a, other_workers));
  EXPECT_FALSE (lab_run_plan_equal (a, other_order));
  EXPECT_FALSE (lab_run_plan_equal (a, fewer));

  for (auto p : { a, b, other_workers, other_order, fewer })
    lab_run_plan_unref (p);
}

/* Like with like, with the reason in words naming both sides; what a
 * what-if changes (cores, switch interval) and which models ran may differ. */
TEST (RunPlan, IsLikeSaysWhyNot)
{
  LabRunPlan *before = test_plan_new ("cpu 2x30ms", "sequential,threads", 2);
  GError *error = nullptr;

  LabRunPlan *what_if = lab_run_plan_with_core_limit (before, 1);
  LabRunPlan *what_if_gil = lab_run_plan_with_switch_interval_ns (what_if, 1 * MS);
  EXPECT_TRUE (lab_run_plan_is_like (before, what_if_gil, &error));
  EXPECT_EQ (error, nullptr);
  LabRunPlan *some = test_plan_new ("cpu 2x30ms", "threads,processes", 2);
  EXPECT_TRUE (lab_run_plan_is_like (before, some, nullptr)) << "threads in common";

  LabRunPlan *workload = test_plan_new ("cpu 2x10ms", "sequential,threads", 2);
  EXPECT_FALSE (lab_run_plan_is_like (before, workload, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID));
  std::string message = error->message;
  EXPECT_NE (message.find ("2 × cpu 30 ms"), std::string::npos) << message;
  EXPECT_NE (message.find ("2 × cpu 10 ms"), std::string::npos) << message;
  g_clear_error (&error);

  LabRunPlan *workers = test_plan_new ("cpu 2x30ms", "sequential,threads", 1);
  EXPECT_FALSE (lab_run_plan_is_like (before, workers, &error));
  ASSERT_NE (error, nullptr);
  message = error->message;
  EXPECT_NE (message.find ("2 workers"), std::string::npos) << message;
  EXPECT_NE (message.find ("this one 1"), std::string::npos) << message;
  g_clear_error (&error);

  LabRunPlanBuilder *builder = test_plan_builder_new ("cpu 2x30ms", "sequential,threads", 2);
  lab_run_plan_builder_set_all_at_once (builder, TRUE);
  LabRunPlan *at_once = lab_run_plan_builder_end (builder);
  lab_run_plan_builder_free (builder);
  EXPECT_FALSE (lab_run_plan_is_like (before, at_once, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (std::string (error->message).find ("order"), std::string::npos) << error->message;
  g_clear_error (&error);

  LabRunPlan *none = test_plan_new ("cpu 2x30ms", "event-loop", 2);
  EXPECT_FALSE (lab_run_plan_is_like (before, none, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (std::string (error->message).find ("no model in common"), std::string::npos)
      << error->message;
  g_clear_error (&error);

  for (auto p : { before, what_if, what_if_gil, some, workload, workers, at_once, none })
    lab_run_plan_unref (p);
}

/* A traced program (or another tool's file) ran no workload: its plan has
 * none, names what was traced, and is compared with nothing, in words. */
TEST (RunPlan, AnObservedPlanHasNoWorkloadAndIsLikeNothing)
{
  LabComparison *traced = lab_comparison_new_observed ("trace", 2);
  LabComparison *other = lab_comparison_new_observed ("trace", 2);
  LabRunPlan *observed = lab_comparison_get_plan (traced);
  LabRunPlan *run = test_plan_new ("cpu 2x30ms", "sequential,threads", 2);
  GError *error = nullptr;

  EXPECT_TRUE (lab_run_plan_is_observed (observed));
  EXPECT_FALSE (lab_run_plan_is_observed (run));
  EXPECT_EQ (lab_run_plan_get_workload (observed), nullptr);
  EXPECT_EQ (lab_comparison_get_workload (traced), nullptr);
  ASSERT_EQ (lab_run_plan_get_n_entries (observed), 1u);
  EXPECT_STREQ (lab_run_plan_get_model_id (observed, 0), "trace");
  EXPECT_TRUE (lab_run_plan_equal (observed, lab_comparison_get_plan (other)));
  EXPECT_FALSE (lab_run_plan_equal (observed, run));
  EXPECT_FALSE (lab_run_plan_equal (run, observed));

  EXPECT_FALSE (lab_run_plan_is_like (run, observed, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID));
  EXPECT_NE (std::string (error->message).find ("observed a program"), std::string::npos)
      << error->message;
  g_clear_error (&error);
  EXPECT_FALSE (lab_run_plan_is_like (observed, run, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (std::string (error->message).find ("observed a program"), std::string::npos)
      << error->message;
  g_clear_error (&error);
  EXPECT_FALSE (lab_run_plan_is_like (observed, lab_comparison_get_plan (other), &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (std::string (error->message).find ("both runs observed"), std::string::npos)
      << error->message;
  g_clear_error (&error);

  lab_run_plan_unref (run);
  lab_comparison_unref (other);
  lab_comparison_unref (traced);
}

/* Saved, an observed comparison's file has no workload; read back, its
 * plan is the same observed plan. */
TEST (RunPlan, AnObservedPlanIsSavedAndReadBack)
{
  LabComparison *c = lab_comparison_new_observed ("trace", 2);
  GError *error = nullptr;
  LabTrace *t = lab_trace_new_observed ("trace", 2);
  LabObserved *roster = lab_trace_get_observed (t);

  lab_trace_begin (t, 1000 * MS);
  lab_observed_set_title (roster, "sleep 1");
  guint process = lab_observed_add_process (roster, 4711, -1, "sleep", "sleep 1", 1000 * MS);
  lab_trace_add_observed_task (t, LAB_OBSERVED_THREAD, process, 4711, "sleep", 1000 * MS);
  lab_trace_end (t, 1001 * MS);
  lab_comparison_add_trace (c, t);
  lab_trace_unref (t);
  lab_comparison_set_n_expected (c, 1);

  char *json = lab_trace_json_to_string (c, nullptr);
  ASSERT_NE (json, nullptr);
  LabComparison *back = lab_trace_json_from_string (json, -1, &error);
  ASSERT_NE (back, nullptr) << error->message;
  EXPECT_TRUE (lab_run_plan_is_observed (lab_comparison_get_plan (back)));
  EXPECT_TRUE (lab_run_plan_equal (lab_comparison_get_plan (back), lab_comparison_get_plan (c)));
  char *title = lab_comparison_dup_observed_title (back);
  EXPECT_STREQ (title, "sleep 1");

  g_free (title);
  g_free (json);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
}

/* The plan is what the file keeps of the run: saved and loaded, it is the
 * same plan, entries not run included. */
TEST (RunPlan, SavedAndLoadedWithItsComparison)
{
  LabRunPlan *plan = full_plan ();
  LabComparison *c = lab_comparison_new_for_plan (plan, 2);
  GError *error = nullptr;

  /* the first entry ran and was stopped; the other two never did */
  LabTrace *t = lab_trace_new ("threads", lab_run_plan_get_workload (plan), 2);
  lab_trace_set_n_workers (t, 5);
  lab_trace_begin (t, 1000 * MS);
  lab_trace_end (t, 1001 * MS);
  lab_trace_mark_stopped (t);
  lab_comparison_add_trace (c, t);
  lab_trace_unref (t);
  lab_comparison_set_n_expected (c, 1);
  char *json = lab_trace_json_to_string (c, nullptr);
  ASSERT_NE (json, nullptr);
  LabComparison *back = lab_trace_json_from_string (json, -1, &error);
  ASSERT_NE (back, nullptr) << error->message;
  EXPECT_TRUE (lab_run_plan_equal (lab_comparison_get_plan (back), plan));
  EXPECT_EQ (lab_comparison_get_n_planned (back), 3u);
  EXPECT_EQ (lab_comparison_get_n_not_run (back), 2u) << "planned, never run";

  g_free (json);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
  lab_run_plan_unref (plan);
}

/* A file of the format before plans were named (no "planned" list) still
 * loads: its plan is what it ran. */
TEST (RunPlan, AnOlderFileTakesItsPlanFromItsTraces)
{
  LabWorkload *w = lab_workload_parse ("cpu 2x1ms", nullptr);
  LabComparison *c = test_comparison_new (w, 2, 2);
  for (const char *id : { "sequential", "threads" })
    {
      LabTrace *t = lab_trace_new (id, w, 2);
      lab_trace_set_n_workers (t, 2);
      lab_trace_begin (t, 1000 * MS);
      lab_trace_end (t, 1001 * MS);
      lab_comparison_add_trace (c, t);
      lab_trace_unref (t);
    }
  char *json = lab_trace_json_to_string (c, nullptr);
  ASSERT_NE (json, nullptr);
  std::string text = json;
  size_t at = text.find ("\"planned\"");
  ASSERT_NE (at, std::string::npos);
  size_t end = text.find (']', at);
  text.erase (at, end - at + 2);  // the member, its array and the comma after
  GError *error = nullptr;
  LabComparison *back = lab_trace_json_from_string (text.c_str (), -1, &error);
  ASSERT_NE (back, nullptr) << error->message << "\n" << text.substr (at > 200 ? at - 200 : 0, 400);
  LabRunPlan *plan = lab_comparison_get_plan (back);
  ASSERT_EQ (lab_run_plan_get_n_entries (plan), 2u);
  EXPECT_STREQ (lab_run_plan_get_model_id (plan, 1), "threads");
  EXPECT_EQ (lab_run_plan_get_entry_workers (plan, 1), 2u);

  g_free (json);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

/* One function turns a lesson into a plan: its workload for the cores at
 * hand, its models with their own workers, and its workers. */
TEST (RunPlan, ALessonIsAPlan)
{
  const LabPreset *preset = lab_preset_find ("too-many-cooks");
  ASSERT_NE (preset, nullptr);
  LabRunPlan *plan = lab_preset_dup_plan (preset, 4, 1.0);
  g_autofree char *text = lab_preset_get_workload (preset, 4, 1.0);
  LabWorkload *workload = lab_workload_parse (text, nullptr);
  GArray *entries = lab_run_entries_parse (preset->models, 4, nullptr);

  ASSERT_NE (plan, nullptr);
  EXPECT_TRUE (lab_workload_equal (lab_run_plan_get_workload (plan), workload));
  EXPECT_EQ (lab_run_plan_get_n_workers (plan), lab_preset_get_workers (preset, 4));
  ASSERT_EQ (lab_run_plan_get_n_entries (plan), entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      const LabRunEntry *entry = &g_array_index (entries, LabRunEntry, i);

      EXPECT_STREQ (lab_run_plan_get_model_id (plan, i), entry->model->id);
      if (entry->n_workers != LAB_RUN_WORKERS_DEFAULT)
        {
          EXPECT_EQ (lab_run_plan_get_entry_workers (plan, i), entry->n_workers);
        }
    }
  EXPECT_EQ (lab_run_plan_get_core_limit (plan), 0u);
  EXPECT_FALSE (lab_run_plan_get_all_at_once (plan));

  for (guint i = 0; i < lab_preset_get_n (); i++)
    {
      LabRunPlan *each = lab_preset_dup_plan (lab_preset_get (i), 2, 0.5);
      EXPECT_NE (each, nullptr) << lab_preset_get (i)->id;
      if (each != nullptr)
        lab_run_plan_unref (each);
    }
  g_array_unref (entries);
  lab_workload_unref (workload);
  lab_run_plan_unref (plan);
}

}  // namespace
