/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What If… in the window on a real display (Xvfb): a run, then the same
 * workload on one core beside it, hover in both columns, and back. */

#include <gtest/gtest.h>

#include <string>

#include "lab-gui-test.h"

extern "C" {
#include <glib/gstdio.h>
}

extern "C" {
#include "lab-affinity.h"
#include "lab-chart-view.h"
#include "lab-file-actions.h"
#include "lab-stats.h"
#include "lab-summary-list.h"
#include "lab-what-if.h"
#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::wait_for_run;
using lab_test::iterate_for;
using lab_test::iterate_until;

namespace {

gint64
elapsed_of (LabComparison *comparison, const char *model)
{
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace_of_model (comparison, model);
  LabTraceStats stats;

  if (trace == nullptr)
    return -1;
  lab_trace_compute_stats (trace, &stats);
  return stats.elapsed_ns;
}

gint64
cpu_of (LabComparison *comparison, const char *model)
{
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace_of_model (comparison, model);
  LabTraceStats stats;

  if (trace == nullptr)
    return -1;
  lab_trace_compute_stats (trace, &stats);
  return stats.cpu_ns;
}

/* A task segment's tooltip somewhere in @column, at 20 % of its time axis. */
std::string
describe_in_column (LabChartView *chart, const LabChartColumn &column)
{
  LabChartAxis axis;

  if (!lab_chart_get_axis (column.comparison, &column.options, 0, FALSE, &axis))
    return "";
  double x = axis.plot_x + axis.plot_width * 0.2;
  for (double y = 0; y < column.options.height; y++)
    {
      LabChartHit hit;

      if (!lab_chart_hit_test (column.comparison, &column.options, x, y, &hit)
          || !hit.has_segment)
        continue;
      g_autofree char *text = lab_chart_view_describe_at (chart, column.x + x, column.y + y);
      return text != nullptr ? text : "(none)";
    }
  return "";
}

TEST (WhatIf, OneCoreRunsBesideThePreviousRunAndClearsAgain)
{
  App app;
  ASSERT_TRUE (app.ok);
  LabWindow *window = app.window ();
  LabWorkloadPanel *panel = LAB_WORKLOAD_PANEL (lab_window_get_workload_panel (window));
  LabChartView *chart = LAB_CHART_VIEW (lab_window_get_chart_view (window));
  LabWhatIf *what_if = LAB_WHAT_IF (lab_window_get_what_if (window));
  ASSERT_NE (what_if, nullptr);
  EXPECT_EQ (lab_what_if_get_max_cores (what_if), lab_affinity_count_available ());

  ASSERT_TRUE (lab_workload_panel_set_workload (panel, "cpu 2x400ms", NULL));
  lab_workload_panel_set_models (panel, "sequential,threads");
  lab_workload_panel_set_all_at_once (panel, FALSE);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  LabComparison *before = lab_window_get_comparison (window);
  ASSERT_NE (before, nullptr);
  lab_comparison_ref (before);
  EXPECT_EQ (lab_chart_view_get_baseline (chart), nullptr);

  lab_what_if_set_cores (what_if, 1);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  iterate_for (200);

  LabComparison *after = lab_window_get_comparison (window);
  ASSERT_NE (after, nullptr);
  EXPECT_NE (after, before);
  EXPECT_EQ (lab_chart_view_get_comparison (chart), after);
  EXPECT_EQ (lab_chart_view_get_baseline (chart), before) << "the run before, beside";
  EXPECT_EQ (lab_comparison_get_core_limit (after), 1u);
  EXPECT_EQ (lab_comparison_get_core_limit (before), 0u);
  {
    g_autoptr(LabTrace) threads = lab_comparison_dup_trace_of_model (after, "threads");
    ASSERT_NE (threads, nullptr);
    EXPECT_EQ (lab_trace_get_core_limit (threads), 1u) << "the trace records the limit";
  }
  /* The summary says how each model's time changed. */
  {
    LabSummaryList *summary = LAB_SUMMARY_LIST (lab_window_get_summary (window));
    std::string cell = lab_summary_list_get_cell (summary, 1, LAB_SUMMARY_COLUMN_ELAPSED);

    EXPECT_TRUE (cell.find ("(+") != std::string::npos || cell.find ("(−") != std::string::npos)
        << cell;
  }
  gint64 was = elapsed_of (before, "threads"), now = elapsed_of (after, "threads");
  /* One core cannot finish before all the work is done: the threads take
   * at least their CPU time. */
  EXPECT_GE ((double) now, 0.95 * (double) cpu_of (after, "threads"));
  /* Slower than before wherever the run before really computed on two
   * cores at once (a machine busy with other work may not have let it). */
  if (cpu_of (before, "threads") > 1.3 * (double) was)
    {
      EXPECT_GT (now, was) << "two threads on one core take longer";
    }

  /* Both columns answer the pointer, each about its own run. */
  LabChartOptions options;
  LabChartColumn left, right;
  lab_chart_view_get_options (chart, &options);
  ASSERT_EQ (options.baseline, before);
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &options, 0, &left));
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &options, 1, &right));
  std::string left_text = describe_in_column (chart, left);
  std::string right_text = describe_in_column (chart, right);
  EXPECT_NE (left_text, "");
  EXPECT_NE (left_text, "(none)");
  EXPECT_NE (right_text, "");
  EXPECT_NE (right_text, "(none)");
  EXPECT_NE (left_text.find ("Sequential"), std::string::npos) << left_text;
  /* Zoom still maps the pointer to time. */
  lab_chart_view_zoom (chart, 2.0, right.x + right.options.width / 2);
  EXPECT_TRUE (lab_chart_view_get_zoomed (chart));
  lab_chart_view_zoom_fit (chart);

  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.clear", NULL));
  EXPECT_EQ (lab_chart_view_get_baseline (chart), nullptr) << "back to the single view";
  EXPECT_EQ (std::string (lab_summary_list_get_cell (
                 LAB_SUMMARY_LIST (lab_window_get_summary (window)), 1, LAB_SUMMARY_COLUMN_ELAPSED))
                 .find ("("), std::string::npos);
  EXPECT_EQ (lab_chart_view_get_comparison (chart), after);

  /* A what-if, then a plain run: the single view again. */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  EXPECT_NE (lab_chart_view_get_baseline (chart), nullptr);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  EXPECT_EQ (lab_chart_view_get_baseline (chart), nullptr);
  EXPECT_EQ (lab_comparison_get_core_limit (lab_window_get_comparison (window)), 0u)
      << "a plain run uses every core again";

  lab_comparison_unref (before);
  EXPECT_TRUE (app.quit ());
}

void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *static_cast<gboolean *> (user_data) = lab_file_actions_save_trace_finish (result, NULL) ? 1 : 2;
}

/* A What If view is one thing to keep: its trace holds both runs, and
 * opening it shows the pair again. */
TEST (WhatIf, APairIsSavedAsOneTraceAndOpensAsThePair)
{
  App app;
  ASSERT_TRUE (app.ok);
  LabWindow *window = app.window ();
  LabWorkloadPanel *panel = LAB_WORKLOAD_PANEL (lab_window_get_workload_panel (window));
  LabChartView *chart = LAB_CHART_VIEW (lab_window_get_chart_view (window));
  LabWhatIf *what_if = LAB_WHAT_IF (lab_window_get_what_if (window));
  g_autofree char *dir = g_dir_make_tmp ("lab-what-if-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pair.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gboolean saved = 0;

  ASSERT_TRUE (lab_workload_panel_set_workload (panel, "cpu 2x100ms", NULL));
  lab_workload_panel_set_models (panel, "sequential,threads");
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  LabComparison *before = lab_window_get_comparison (window);
  lab_what_if_set_cores (what_if, 1);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  LabComparison *after = lab_window_get_comparison (window);
  EXPECT_EQ (lab_comparison_get_baseline (after), before) << "the what-if run keeps its run before";

  lab_file_actions_save_trace (after, file, NULL, on_saved_cb, &saved);
  ASSERT_TRUE (iterate_until ([&saved] { return saved != 0; }));
  ASSERT_EQ (saved, 1);

  /* a plain run, then the pair opened: the What If view again */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  EXPECT_EQ (lab_chart_view_get_baseline (chart), nullptr);
  lab_window_open_file (window, file);
  ASSERT_TRUE (iterate_until ([chart] {
    return lab_chart_view_get_baseline (chart) != NULL;
  }));
  LabComparison *opened = lab_window_get_comparison (window);
  EXPECT_EQ (lab_comparison_get_core_limit (opened), 1u);
  EXPECT_EQ (lab_chart_view_get_baseline (chart), lab_comparison_get_baseline (opened));
  EXPECT_EQ (lab_comparison_get_core_limit (lab_chart_view_get_baseline (chart)), 0u);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.clear", NULL));
  EXPECT_EQ (lab_chart_view_get_baseline (chart), nullptr);

  g_unlink (path);
  g_rmdir (dir);
  EXPECT_TRUE (app.quit ());
}

}  // namespace
