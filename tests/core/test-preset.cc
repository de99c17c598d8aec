// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "lab-model.h"
#include "lab-run-entry.h"
#include "lab-preset.h"
#include "lab-workload.h"
}

namespace {

TEST (Preset, SevenLessonsInOrder)
{
  const char *ids[] = { "one-cook", "heavy-math", "gil", "blocking", "too-many-cooks",
                        "start-up", "connections" };

  ASSERT_EQ (lab_preset_get_n (), G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      EXPECT_STREQ (lab_preset_get (i)->id, ids[i]);
      EXPECT_EQ (lab_preset_find (ids[i]), lab_preset_get (i));
    }
  EXPECT_EQ (lab_preset_find ("no-such-lesson"), nullptr);
}

TEST (Preset, EveryWorkloadAndModelListParses)
{
  const guint cores[] = { 1, 2, 8, 64 };
  const double scales[] = { 1.0, 0.1, 0.01 };

  for (guint i = 0; i < lab_preset_get_n (); i++)
    {
      const LabPreset *preset = lab_preset_get (i);
      GError *error = nullptr;
      GArray *entries = lab_run_entries_parse (preset->models, 2, &error);

      ASSERT_NE (entries, nullptr) << preset->id << ": " << error->message;
      g_array_unref (entries);

      EXPECT_GT (strlen (lab_preset_get_title (preset)), 0u);
      EXPECT_GT (strlen (lab_preset_get_explanation (preset)), 40u);

      for (guint c : cores)
        for (double s : scales)
          {
            char *text = lab_preset_get_workload (preset, c, s);
            LabWorkload *workload = lab_workload_parse (text, &error);

            EXPECT_NE (workload, nullptr)
                << preset->id << " “" << text << "”: " << (error ? error->message : "");
            g_clear_error (&error);
            if (workload != nullptr)
              lab_workload_unref (workload);
            g_free (text);
          }
    }
}

TEST (Preset, WorkloadsFollowTheLessons)
{
  char *one_cook = lab_preset_get_workload (lab_preset_find ("one-cook"), 2, 1.0);
  EXPECT_STREQ (one_cook, "io 3s,1s,2s");
  g_free (one_cook);

  /* Two CPU tasks per core; four per core for too many cooks. */
  for (guint cores : { 1u, 2u, 4u })
    {
      char *math = lab_preset_get_workload (lab_preset_find ("heavy-math"), cores, 1.0);
      char *cooks = lab_preset_get_workload (lab_preset_find ("too-many-cooks"), cores, 1.0);
      LabWorkload *a = lab_workload_parse (math, nullptr);
      LabWorkload *b = lab_workload_parse (cooks, nullptr);

      ASSERT_NE (a, nullptr);
      ASSERT_NE (b, nullptr);
      EXPECT_EQ (lab_workload_get_n_tasks (a), 2 * cores);
      EXPECT_EQ (lab_workload_get_n_tasks (b), 4 * cores);
      EXPECT_TRUE (lab_workload_has_kind (a, LAB_TASK_KIND_CPU));
      EXPECT_FALSE (lab_workload_has_kind (a, LAB_TASK_KIND_IO));
      lab_workload_unref (a);
      lab_workload_unref (b);
      g_free (math);
      g_free (cooks);
    }

  /* Blocking the loop: many waits and exactly one computation. */
  char *blocking = lab_preset_get_workload (lab_preset_find ("blocking"), 2, 1.0);
  LabWorkload *w = lab_workload_parse (blocking, nullptr);
  ASSERT_NE (w, nullptr);
  guint n_cpu = 0;
  for (guint i = 0; i < lab_workload_get_n_tasks (w); i++)
    n_cpu += lab_workload_get_task (w, i)->kind == LAB_TASK_KIND_CPU;
  EXPECT_EQ (n_cpu, 1u);
  EXPECT_GE (lab_workload_get_n_tasks (w), 10u);
  lab_workload_unref (w);
  g_free (blocking);
}

TEST (Preset, ScaleShrinksDurations)
{
  char *text = lab_preset_get_workload (lab_preset_find ("one-cook"), 2, 0.1);
  EXPECT_STREQ (text, "io 300ms,100ms,200ms");
  g_free (text);
}

TEST (Preset, Workers)
{
  EXPECT_EQ (lab_preset_get_workers (lab_preset_find ("heavy-math"), 2), 2u);
  EXPECT_EQ (lab_preset_get_workers (lab_preset_find ("too-many-cooks"), 2), 2u)
      << "its entries carry their own: a thread per task and one per core";
}

} // namespace
