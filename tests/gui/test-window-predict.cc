/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Predict-then-run from the window on a real display (Xvfb): a guess typed
 * beside a model goes into the run, the summary judges it, and the guess is
 * kept per preset. */

#include <gtest/gtest.h>

#include <string>

#include "lab-cpu.h"
#include "lab-gui-test.h"

extern "C" {
#include "config.h"

#include "lab-cpu-monitor.h"
#include "lab-prediction-entry.h"
#include "lab-preset.h"
#include "lab-summary-list.h"
#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::choose_preset;
using lab_test::panel_of;
using lab_test::run_to_end;
using lab_test::iterate_until;

namespace {

constexpr gint64 MS = 1000000;

GtkEditable *
guess_of (App &app, const char *model_id)
{
  GtkWidget *entry = lab_workload_panel_get_prediction_entry (panel_of (app), model_id);
  EXPECT_NE (entry, nullptr) << model_id;
  return GTK_EDITABLE (entry);
}

TEST (WindowPredict, GuessFieldBesideEachModel)
{
  App app;
  ASSERT_TRUE (app.ok);
  GtkEditable *guess = guess_of (app, "event-loop");
  ASSERT_NE (guess, nullptr);
  EXPECT_STREQ (gtk_entry_get_placeholder_text (GTK_ENTRY (guess)), "Guess");
  EXPECT_TRUE (gtk_widget_get_visible (GTK_WIDGET (guess)));

  gtk_editable_set_text (guess, "3s");
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "event-loop"), 3000 * MS);
  gtk_editable_set_text (guess, "500ms");
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "event-loop"), 500 * MS);
  gtk_editable_set_text (guess, "2");
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "event-loop"), 2000 * MS)
    << "a bare number is seconds, as everywhere";

  /* Bad text: an inline error, and no guess until it is fixed. */
  gtk_editable_set_text (guess, "3 parsecs");
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "event-loop"), 0);
  EXPECT_TRUE (gtk_widget_has_css_class (GTK_WIDGET (guess), "error"));
  const char *error = lab_prediction_entry_get_error (LAB_PREDICTION_ENTRY (guess));
  ASSERT_NE (error, nullptr);
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (guess), ADW_TYPE_ACTION_ROW);
  ASSERT_NE (row, nullptr);
  EXPECT_STREQ (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), error)
    << "the reason is shown under the model's name";
  gtk_editable_set_text (guess, "");
  EXPECT_FALSE (gtk_widget_has_css_class (GTK_WIDGET (guess), "error"));
  EXPECT_STRNE (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), error);
}

TEST (WindowPredict, GuessGoesIntoTheRunAndIsKeptPerPreset)
{
  App app;
  ASSERT_TRUE (app.ok);
  LabWindow *window = app.window ();

  ASSERT_TRUE (choose_preset (app, "one-cook"));
  gtk_editable_set_text (guess_of (app, "event-loop"), "150ms");
  gtk_editable_set_text (guess_of (app, "sequential"), "150ms");

  /* The lesson with short durations (3, 1, 2 s scaled to 150, 50, 100 ms). */
  g_autofree char *text = lab_preset_get_workload (lab_preset_find ("one-cook"),
                                                   lab_cpu_count (), 0.05);
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), text, NULL));
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "event-loop"), 150 * MS)
    << "the guesses stay when the workload is shortened by hand";
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (iterate_until ([window] { return !lab_window_is_running (window); }, 60000));

  LabComparison *comparison = lab_window_get_comparison (window);
  ASSERT_NE (comparison, nullptr);
  EXPECT_EQ (lab_comparison_get_prediction (comparison, "event-loop"), 150 * MS);
  EXPECT_EQ (lab_comparison_get_prediction (comparison, "sequential"), 150 * MS);

  LabSummaryList *summary = LAB_SUMMARY_LIST (lab_window_get_summary (window));
  ASSERT_TRUE (iterate_until ([summary] {
    const char *v = lab_summary_list_get_verdict (summary, 1);
    return v != NULL && g_str_has_prefix (v, "Measured");
  }, 5000));
  std::string loop = lab_summary_list_get_verdict (summary, 1);
  std::string seq = lab_summary_list_get_verdict (summary, 0);
  EXPECT_NE (loop.find ("you said 150 ms"), std::string::npos) << loop;
  EXPECT_NE (seq.find ("you said 150 ms"), std::string::npos) << seq;
  /* 300 ms one after another against a guess of 150 ms: too low. */
  EXPECT_EQ (seq.find ("right"), std::string::npos) << seq;

  /* A guess changed after the run: its old verdict goes (the new one is
   * judged by the next run); the other guess keeps its verdict. */
  gtk_editable_set_text (guess_of (app, "sequential"), "300ms");
  EXPECT_EQ (lab_comparison_get_prediction (comparison, "sequential"), 0);
  const char *cleared = lab_summary_list_get_verdict (summary, 0);
  EXPECT_TRUE (cleared == NULL || *cleared == '\0') << cleared;
  EXPECT_EQ (std::string (lab_summary_list_get_verdict (summary, 1)), loop);
  gtk_editable_set_text (guess_of (app, "sequential"), "150ms");

  /* Another lesson shows its own (none); the first one brings its back. */
  ASSERT_TRUE (choose_preset (app, "heavy-math"));
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "event-loop"), 0);
  EXPECT_STREQ (gtk_editable_get_text (guess_of (app, "event-loop")), "");
  ASSERT_TRUE (choose_preset (app, "one-cook"));
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "event-loop"), 150 * MS);
  EXPECT_STREQ (gtk_editable_get_text (guess_of (app, "event-loop")), "150ms");

  /* And the workload made by hand kept them too. */
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), text, NULL));
  iterate_until ([&app] { return !lab_window_is_running (app.window ()); }, 60000);
  EXPECT_EQ (lab_workload_panel_get_prediction (panel_of (app), "sequential"), 150 * MS);
}

}  // namespace
