/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtest/gtest.h>

#include "lab-cpu-monitor.h"
#include "lab-run-entry.h"
#include "lab-run-plan.h"
#include "lab-runner.h"

/* A plan being built: @workload_text run under @models (run entries, as
 * --models reads them) with @n_workers for the entries without their own;
 * the test adds what else it needs and ends it. */
static inline LabRunPlanBuilder *
test_plan_builder_new (const char *workload_text,
                       const char *models,
                       guint       n_workers)
{
  GError *error = nullptr;
  LabWorkload *workload = lab_workload_parse (workload_text, &error);
  EXPECT_NE (workload, nullptr) << (error != nullptr ? error->message : "");
  GArray *entries = lab_run_entries_parse (models, g_get_num_processors (), &error);
  EXPECT_NE (entries, nullptr) << (error != nullptr ? error->message : "");
  LabRunPlanBuilder *builder = lab_run_plan_builder_new (workload, n_workers);

  lab_run_entries_add_to_plan (entries, builder);
  g_array_unref (entries);
  lab_workload_unref (workload);
  return builder;
}

/* The same plan as it is. */
static inline LabRunPlan *
test_plan_new (const char *workload_text,
               const char *models,
               guint       n_workers)
{
  LabRunPlanBuilder *builder = test_plan_builder_new (workload_text, models, n_workers);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);

  lab_run_plan_builder_free (builder);
  return plan;
}

/* An empty comparison put together by hand (no entry planned: its traces
 * are what it planned), with the run's workers and core limit given. */
static inline LabComparison *
test_comparison_new (LabWorkload *workload,
                     guint        n_cores,
                     guint        n_workers,
                     guint        core_limit = 0)
{
  LabRunPlanBuilder *builder = lab_run_plan_builder_new (workload, n_workers);
  lab_run_plan_builder_set_core_limit (builder, core_limit);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  LabComparison *comparison = lab_comparison_new_for_plan (plan, n_cores);

  lab_run_plan_unref (plan);
  lab_run_plan_builder_free (builder);
  return comparison;
}

/* A runner of @workload_text under @models with @n_workers each. */
static inline LabRunner *
test_runner_new (const char *workload_text,
                 const char *models,
                 guint       n_workers)
{
  LabRunPlan *plan = test_plan_new (workload_text, models, n_workers);
  LabRunner *runner = lab_runner_new_for_plan (plan);

  lab_run_plan_unref (plan);
  return runner;
}
