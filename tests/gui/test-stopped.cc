/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A run stopped in the window is marked, never judged: the summary, the
 * chart and the verdicts say so; What If refuses a run unlike the one
 * shown, in words, in its popover. */

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lab-gui-test.h"

extern "C" {
#include "lab-chart-view.h"
#include "lab-summary-list.h"
#include "lab-what-if.h"
#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::wait_for_run;
using lab_test::panel_of;
using lab_test::iterate_for;
using lab_test::iterate_until;
using lab_test::run_to_end;

namespace {

constexpr gint64 MS = 1000000;

void
collect_text (const LabChartTextLine *line, gpointer data)
{
  static_cast<std::vector<std::string> *> (data)->emplace_back (line->text, line->length);
}

/* Every line of text the chart draws for @comparison. */
std::vector<std::string>
chart_text (LabComparison *comparison)
{
  std::vector<std::string> lines;
  LabChartOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 720);
  cairo_t *cr = cairo_create (surface);

  lab_chart_options_init (&options, 1280, 720);
  options.text_func = collect_text;
  options.text_data = &lines;
  lab_chart_draw (cr, comparison, &options);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return lines;
}

bool
has_line (const std::vector<std::string> &lines, const std::string &part)
{
  for (const auto &line : lines)
    if (line.find (part) != std::string::npos)
      return true;
  return false;
}

TEST (Stopped, StopMarksTheRunStoppedEverywhereAndJudgesNothing)
{
  App app;
  ASSERT_TRUE (app.ok);
  LabWindow *window = app.window ();
  LabSummaryList *summary = LAB_SUMMARY_LIST (lab_window_get_summary (window));

  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "io 3x3s", NULL));
  lab_workload_panel_set_models (panel_of (app), "sequential,event-loop");
  lab_workload_panel_set_all_at_once (panel_of (app), FALSE);
  lab_workload_panel_set_prediction (panel_of (app), "sequential", 9000 * MS);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (iterate_until ([window] { return lab_window_is_running (window); }, 5000));
  iterate_for (400);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  ASSERT_TRUE (iterate_until ([window] { return !lab_window_is_running (window); }, 5000));
  iterate_for (200);

  LabComparison *comparison = lab_window_get_comparison (window);
  ASSERT_NE (comparison, nullptr);
  EXPECT_TRUE (lab_comparison_was_stopped (comparison));
  EXPECT_FALSE (lab_comparison_is_complete (comparison));

  ASSERT_EQ (lab_summary_list_get_n_rows (summary), 2u) << "the model not run has its row";
  std::string elapsed = lab_summary_list_get_cell (summary, 0, LAB_SUMMARY_COLUMN_ELAPSED);
  EXPECT_EQ (elapsed.rfind ("stopped at", 0), 0u) << elapsed;
  EXPECT_STREQ (lab_summary_list_get_cell (summary, 1, LAB_SUMMARY_COLUMN_ELAPSED), "not run");
  EXPECT_STREQ (lab_summary_list_get_cell (summary, 0, LAB_SUMMARY_COLUMN_IDEAL), "—")
      << "no ideal for a part of the work";
  EXPECT_EQ (lab_summary_list_get_cell (summary, 0, LAB_SUMMARY_COLUMN_WAITS_AT_ONCE), nullptr)
      << "no figure of a stopped run";
  const char *tooltip = lab_summary_list_get_tooltip (summary, 0, LAB_SUMMARY_COLUMN_ELAPSED);
  ASSERT_NE (tooltip, nullptr);
  EXPECT_NE (std::string (tooltip).find ("stopped"), std::string::npos) << tooltip;
  std::string verdict = lab_summary_list_get_verdict (summary, 0);
  EXPECT_EQ (verdict.find ("Measured"), std::string::npos) << "no verdict: " << verdict;
  EXPECT_NE (verdict.find ("not judged"), std::string::npos) << verdict;

  std::vector<std::string> lines = chart_text (comparison);
  EXPECT_TRUE (has_line (lines, "stopped at")) << "the panel's title";
  EXPECT_TRUE (has_line (lines, "not run")) << "the model that never started";
  EXPECT_FALSE (has_line (lines, "Measured")) << "no verdict on the chart";
  EXPECT_FALSE (has_line (lines, "ideal")) << "no ideal from a part of the work";

  /* What If refuses a stopped run, in words, and runs nothing. */
  LabWhatIf *what_if = LAB_WHAT_IF (lab_window_get_what_if (window));
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.run", NULL));
  iterate_for (100);
  EXPECT_FALSE (lab_window_is_running (window));
  ASSERT_NE (lab_what_if_get_refusal (what_if), nullptr);
  EXPECT_NE (std::string (lab_what_if_get_refusal (what_if)).find ("stopped"), std::string::npos);
  EXPECT_TRUE (app.quit ());
}

/* What If runs the same workload again: a sidebar changed since the run
 * shown is refused inline, naming both workloads. A short change keeps
 * the run shown (faded) until its own run starts by itself: a What If
 * pressed meanwhile would put two unlike runs side by side. Fewer cores
 * is fine. */
TEST (Stopped, WhatIfRefusesAnotherWorkloadInWords)
{
  App app;
  ASSERT_TRUE (app.ok);
  LabWindow *window = app.window ();
  LabWhatIf *what_if = LAB_WHAT_IF (lab_window_get_what_if (window));
  LabChartView *chart = LAB_CHART_VIEW (lab_window_get_chart_view (window));

  ASSERT_TRUE (run_to_end (app, "cpu 2x30ms", "sequential,threads"));
  LabComparison *shown = lab_window_get_comparison (window);
  ASSERT_NE (shown, nullptr);
  lab_comparison_ref (shown);   /* kept, so that a new run cannot reuse its address */

  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "cpu 2x20ms", NULL));
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.run", NULL));
  EXPECT_EQ (lab_chart_view_get_baseline (chart), nullptr) << "no pair of unlike runs";
  ASSERT_NE (lab_what_if_get_refusal (what_if), nullptr);
  std::string refusal = lab_what_if_get_refusal (what_if);
  EXPECT_NE (refusal.find ("2 × cpu 30 ms"), std::string::npos) << refusal;
  EXPECT_NE (refusal.find ("2 × cpu 20 ms"), std::string::npos) << refusal;

  /* The short change runs by itself; then, on one core: allowed, and the
   * refusal goes. */
  ASSERT_TRUE (iterate_until ([window, shown] {
                                LabComparison *now = lab_window_get_comparison (window);
                                return !lab_window_is_running (window) && now != NULL
                                       && now != shown && lab_comparison_is_finished (now); },
                              30000));
  lab_comparison_unref (shown);
  LabComparison *again = lab_window_get_comparison (window);
  ASSERT_NE (again, nullptr);
  lab_what_if_set_cores (what_if, 1);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.run", NULL));
  ASSERT_TRUE (wait_for_run (window));
  EXPECT_EQ (lab_what_if_get_refusal (what_if), nullptr);
  EXPECT_EQ (lab_chart_view_get_baseline (chart), again);
  EXPECT_TRUE (app.quit ());
}

}  // namespace
