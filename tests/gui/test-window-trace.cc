/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trace a Program… in the window (Xvfb): the dialog, the chart filling as
 * the program runs, Stop, a command that cannot run, and quitting. */

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>

#include "lab-gui-test.h"

extern "C" {
#include "config.h"

#include "lab-chart-layers.h"
#include "lab-chart-view.h"
#include "lab-export-dialog.h"
#include "lab-trace-dialog.h"
#include "lab-tracer.h"
#include "lab-what-if.h"
}

using lab_test::App;
using lab_test::find_toplevel;
using lab_test::find_widget;
using lab_test::iterate_until;

namespace {

/* Opens the dialog from the window's action, types @command and presses
 * Trace, as a person would; returns the dialog if it is still open. */
LabTraceDialog *
trace_from_dialog (App &app, const char *command)
{
  LabTraceDialog *dialog;
  GtkWidget *entry;

  if (!gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.trace-program", NULL))
    return nullptr;
  if (!iterate_until ([] { return find_toplevel (LAB_TYPE_TRACE_DIALOG) != NULL; }))
    return nullptr;
  dialog = LAB_TRACE_DIALOG (find_toplevel (LAB_TYPE_TRACE_DIALOG));
  entry = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  if (entry == NULL)
    return nullptr;
  gtk_editable_set_text (GTK_EDITABLE (entry), command);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "trace-dialog.trace", NULL);
  lab_test::iterate_for (100);
  return LAB_TRACE_DIALOG (find_toplevel (LAB_TYPE_TRACE_DIALOG));
}

LabTrace *
shown_trace (App &app)
{
  LabComparison *c = lab_window_get_comparison (app.window ());

  return c != NULL && lab_comparison_get_n_traces (c) > 0 ? lab_comparison_dup_trace (c, 0) : NULL;
}

bool
is_running (gint32 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return false;
  const char *end = strrchr (text, ')');
  return end != NULL && end[1] == ' ' && end[2] != 'Z' && end[2] != 'X';
}

/* A trace shown where a workload is expected must not trip any check:
 * every critical fails the test. */
class WindowTrace : public ::testing::Test
{
protected:
  void SetUp () override { old_fatal = g_log_set_always_fatal ((GLogLevelFlags) (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL)); }
  void TearDown () override { g_log_set_always_fatal (old_fatal); }
  GLogLevelFlags old_fatal = (GLogLevelFlags) G_LOG_FATAL_MASK;
};

/* The title bar's second line. */
const char *
window_subtitle (App &app)
{
  GtkWidget *title = find_widget (GTK_WIDGET (app.window ()), ADW_TYPE_WINDOW_TITLE);

  return title != NULL ? adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)) : NULL;
}

TEST_F (WindowTrace, TheChartFillsWhileTheProgramRunsAndStaysAfter)
{
  App app;
  ASSERT_TRUE (app.ok);

  EXPECT_EQ (trace_from_dialog (app, "sh -c 'sleep 0.4; echo done'"), nullptr)
    << "the dialog closes once the program runs";
  EXPECT_TRUE (lab_window_is_running (app.window ()));
  g_autoptr(LabTrace) live = shown_trace (app);
  ASSERT_NE (live, nullptr);
  EXPECT_STREQ (lab_trace_get_model_id (live), LAB_TRACER_MODEL_ID);
  EXPECT_EQ (lab_chart_view_get_comparison (LAB_CHART_VIEW (lab_window_get_chart_view (app.window ()))),
             lab_window_get_comparison (app.window ()));
  EXPECT_FALSE (lab_trace_is_finished (live)) << "shown while it runs";

  ASSERT_TRUE (iterate_until ([&app] { return !lab_window_is_running (app.window ()); }));
  EXPECT_TRUE (lab_trace_is_finished (live));
  EXPECT_GE (lab_trace_get_n_tasks (live), 2u) << "the shell and its sleep";
  EXPECT_GE (lab_trace_get_end_ns (live) - lab_trace_get_begin_ns (live), 400000000);
  /* The header says what ran; the chart shows its lanes, grouped. */
  EXPECT_STREQ (window_subtitle (app), "sh -c 'sleep 0.4; echo done'");
  g_autoptr(LabTrace) grouped = shown_trace (app);
  ASSERT_NE (grouped, nullptr);
  EXPECT_EQ (lab_trace_get_n_tasks (grouped), lab_trace_get_n_tasks (live));
  /* The cores it ran on are drawn, as `trace` draws them. */
  LabChartView *chart = LAB_CHART_VIEW (lab_window_get_chart_view (app.window ()));
  g_auto(GStrv) layers = lab_chart_layers_to_strv (lab_chart_view_get_layers (chart));
  EXPECT_TRUE (g_strv_contains (layers, "cores"));
  EXPECT_TRUE (g_strv_contains (layers, "flight"));
}

/* Another tool's trace opens as a file of ours does: its lanes on the
 * chart, its name in the header; the summary and Save Image cope with a
 * run of no workload. */
TEST_F (WindowTrace, AnotherToolsTraceOpensInTheWindow)
{
  App app;
  ASSERT_TRUE (app.ok);
  const char *data = g_getenv ("LAB_TEST_DATA");
  ASSERT_NE (data, nullptr);
  g_autofree char *path = g_build_filename (data, "chromium-startup.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  lab_window_open_file (app.window (), file);
  ASSERT_TRUE (iterate_until ([&app] {
    g_autoptr(LabTrace) t = shown_trace (app);
    return t != NULL && lab_trace_get_observed (t) != NULL;
  }));
  g_autoptr(LabTrace) trace = shown_trace (app);
  EXPECT_GE (lab_trace_get_n_tasks (trace), 20u);
  EXPECT_STREQ (window_subtitle (app), "chromium-startup.json");
  EXPECT_EQ (lab_test::find_toplevel (ADW_TYPE_MESSAGE_DIALOG), nullptr) << "no error";
  lab_test::iterate_for (200);

  /* What If changes a run of a workload: a trace, which follows no plan,
   * is refused in words, and nothing runs. */
  LabWhatIf *what_if = LAB_WHAT_IF (lab_window_get_what_if (app.window ()));
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (what_if), "what-if.run", NULL));
  lab_test::iterate_for (100);
  EXPECT_FALSE (lab_window_is_running (app.window ()));
  ASSERT_NE (lab_what_if_get_refusal (what_if), nullptr);
  EXPECT_NE (std::string (lab_what_if_get_refusal (what_if)).find ("traced program"),
             std::string::npos) << lab_what_if_get_refusal (what_if);

  /* The summary table and the export dialog of a run of no workload. */
  gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.show-summary", NULL);
  lab_test::iterate_for (200);
  gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.save-image", NULL);
  GtkWindow *dialog = NULL;
  if (iterate_until ([&dialog] {
        return (dialog = lab_test::find_toplevel (LAB_TYPE_EXPORT_DIALOG)) != NULL;
      }, 3000))
    gtk_window_destroy (dialog);
}

TEST_F (WindowTrace, StopEndsTheProgramAndWhatItStarted)
{
  App app;
  ASSERT_TRUE (app.ok);

  ASSERT_EQ (trace_from_dialog (app, "sh -c \"trap '' TERM; sleep 60 & wait\""), nullptr);
  ASSERT_TRUE (lab_window_is_running (app.window ()));
  lab_test::iterate_for (500);
  g_autoptr(LabTrace) trace = shown_trace (app);
  ASSERT_NE (trace, nullptr);

  gint64 stop = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.stop", NULL);
  /* It ignores SIGTERM: SIGKILL after the grace period ends it. */
  ASSERT_TRUE (iterate_until ([&app] { return !lab_window_is_running (app.window ()); }, 20000));
  EXPECT_LT (g_get_monotonic_time () - stop, 10 * G_TIME_SPAN_SECOND);
  LabObserved *roster = lab_trace_get_observed (trace);
  ASSERT_EQ (lab_observed_get_n_processes (roster), 2u);
  for (guint i = 0; i < 2; i++)
    {
      LabObservedProcess p;

      ASSERT_TRUE (lab_observed_copy_process (roster, i, &p));
      EXPECT_FALSE (is_running (p.pid)) << p.name;
      lab_observed_process_clear (&p);
    }
}

TEST_F (WindowTrace, ACommandThatCannotRunIsSaidInTheDialog)
{
  App app;
  ASSERT_TRUE (app.ok);

  LabTraceDialog *dialog = trace_from_dialog (app, "no-such-command-for-the-lab --flag");
  ASSERT_NE (dialog, nullptr) << "the dialog stays open to correct the command";
  EXPECT_FALSE (lab_window_is_running (app.window ()));
  /* The message is on a visible label of the dialog. */
  bool said = false;
  std::function<void (GtkWidget *)> look = [&] (GtkWidget *w) {
    if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w)
        && strstr (gtk_label_get_label (GTK_LABEL (w)), "command not found") != NULL)
      said = true;
    for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
      look (c);
  };
  look (GTK_WIDGET (dialog));
  EXPECT_TRUE (said);

  /* Unbalanced quotes are said too, before anything starts. */
  GtkWidget *entry = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (entry), "python3 'unclosed");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "trace-dialog.trace", NULL);
  said = false;
  look (GTK_WIDGET (dialog));
  EXPECT_FALSE (said);
  EXPECT_FALSE (lab_window_is_running (app.window ()));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

TEST_F (WindowTrace, QuittingDuringATraceLeavesNothingRunning)
{
  App app;
  ASSERT_TRUE (app.ok);

  ASSERT_EQ (trace_from_dialog (app, "sleep 60"), nullptr);
  lab_test::iterate_for (300);
  g_autoptr(LabTrace) trace = shown_trace (app);
  ASSERT_NE (trace, nullptr);
  LabObservedProcess p;
  ASSERT_TRUE (lab_observed_copy_process (lab_trace_get_observed (trace), 0, &p));
  EXPECT_TRUE (is_running (p.pid));

  EXPECT_TRUE (app.quit ());
  /* The application is held until the program is gone. */
  EXPECT_TRUE (iterate_until ([&p] { return !is_running (p.pid); }, 10000));
  lab_observed_process_clear (&p);
}

}  // namespace
