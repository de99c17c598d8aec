/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's everyday flow on a real display (Xvfb): Run and Stop never
 * trade places, nothing runs that the sidebar does not show, the chart
 * shows what the sidebar says, the sliders keep a workload's shape, error
 * text is shown as text, and the chart gets most of a small window. */

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lab-cpu.h"
#include "lab-gui-test.h"

extern "C" {
#include "config.h"

#include <glib/gstdio.h>

#include "lab-chart-view.h"
#include "lab-cpu-monitor.h"
#include "lab-export-dialog.h"
#include "lab-preset.h"
#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::panel_of;
using lab_test::run_to_end;
using lab_test::iterate_until;

namespace {

GObject *
panel_part (App &app, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (panel_of (app)), LAB_TYPE_WORKLOAD_PANEL, name);
}

GObject *
window_part (App &app, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (app.window ()), LAB_TYPE_WINDOW, name);
}

const char *
page_of (App &app)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (window_part (app, "main_stack")));
}

const char *
subtitle_of (App &app)
{
  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (window_part (app, "window_title")));
}

const char *
title_of (App &app)
{
  return adw_window_title_get_title (ADW_WINDOW_TITLE (window_part (app, "window_title")));
}

std::string
described (const char *workload)
{
  g_autoptr(LabWorkload) w = lab_workload_parse (workload, NULL);
  g_autofree char *text = w != NULL ? lab_workload_describe (w) : NULL;

  return text != NULL ? text : "";
}

/* Every trace of @c finished with every task done: a run that ran to its
 * end, not one that was stopped. */
bool
ran_to_end (LabComparison *c)
{
  if (c == NULL || !lab_comparison_is_finished (c) || lab_comparison_get_n_traces (c) == 0)
    return false;
  for (guint i = 0; i < lab_comparison_get_n_traces (c); i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (c, i);
      guint n = lab_workload_get_n_tasks (lab_trace_get_workload (trace));

      for (guint t = 0; t < n; t++)
        if (lab_trace_task_get_status (trace, t) != LAB_TASK_STATUS_DONE)
          return false;
    }
  return true;
}

void
reset_settings ()
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  const char *keys[] = { "workload", "workload-pattern", "models", "preset", "workers",
                         "summary-height", "window-width", "window-height", "predictions" };

  for (const char *key : keys)
    g_settings_reset (settings, key);
}

/* Pressing Run while a change re-runs by itself restarts with what is shown:
 * the run goes on, and what ends is a whole run of the sidebar's workload.
 * Run and Stop are two buttons that never change their meaning. */
TEST (WindowFlow, PressingRunDuringAnAutomaticReRunDoesNotStopIt)
{
  App app;
  LabWindow *window;
  LabComparison *before;
  GtkButton *run_button, *stop_button;
  bool stopped_between = false;

  ASSERT_TRUE (app.ok);
  window = app.window ();
  run_button = GTK_BUTTON (window_part (app, "run_button"));
  stop_button = GTK_BUTTON (window_part (app, "stop_button"));
  ASSERT_TRUE (run_to_end (app, "io 20ms,10ms", "sequential,event-loop"));
  before = lab_window_get_comparison (window);

  /* a short change starts a run by itself */
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "io 400ms,200ms", NULL));
  ASSERT_TRUE (iterate_until ([window] { return lab_window_is_running (window); }, 5000));
  LabComparison *automatic = lab_window_get_comparison (window);
  EXPECT_NE (automatic, before);
  EXPECT_STREQ (gtk_actionable_get_action_name (GTK_ACTIONABLE (run_button)), "win.run");
  EXPECT_STREQ (gtk_actionable_get_action_name (GTK_ACTIONABLE (stop_button)), "win.stop");
  /* both on screen, where they were: Run is still Run under the pointer */
  EXPECT_TRUE (gtk_widget_get_mapped (GTK_WIDGET (run_button)));
  EXPECT_TRUE (gtk_widget_get_mapped (GTK_WIDGET (stop_button)));
  EXPECT_TRUE (gtk_widget_get_sensitive (GTK_WIDGET (run_button)));
  EXPECT_TRUE (gtk_widget_get_sensitive (GTK_WIDGET (stop_button)));

  /* the natural "change it, then click Run" */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (iterate_until ([&] {
    stopped_between |= !lab_window_is_running (window);
    return lab_window_get_comparison (window) != automatic;
  }, 10000));
  EXPECT_FALSE (stopped_between) << "Run stopped the run instead of restarting it";
  EXPECT_TRUE (lab_window_is_running (window));
  ASSERT_TRUE (iterate_until ([window] { return !lab_window_is_running (window); }, 30000));
  LabComparison *shown = lab_window_get_comparison (window);
  EXPECT_TRUE (ran_to_end (shown));
  g_autofree char *text = lab_workload_to_string (lab_comparison_get_workload (shown));
  EXPECT_STREQ (text, "io 400ms,200ms");
  EXPECT_FALSE (gtk_widget_get_sensitive (GTK_WIDGET (stop_button)));
  reset_settings ();
}

/* Text that does not parse (or none) cannot be run: Run is off, the
 * sidebar says why in words on screen, and Run (Ctrl+R) never runs the
 * workload from before the edit. Text that parses is what Run runs, even
 * before Enter. */
TEST (WindowFlow, AnInvalidWorkloadCannotBeRun)
{
  App app;
  LabWindow *window;
  LabComparison *before;
  GtkWidget *entry, *error_label;

  ASSERT_TRUE (app.ok);
  window = app.window ();
  ASSERT_TRUE (run_to_end (app, "io 20ms,10ms", "sequential"));
  before = lab_window_get_comparison (window);

  g_signal_emit_by_name (panel_part (app, "edit_button"), "clicked");
  entry = GTK_WIDGET (panel_part (app, "workload_row"));
  error_label = GTK_WIDGET (panel_part (app, "workload_error_label"));
  ASSERT_TRUE (gtk_widget_get_visible (entry));

  for (const char *bad : { "io 3x", "", "gpu 2s" })
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), bad);
      ASSERT_NE (lab_workload_panel_get_error (panel_of (app)), nullptr) << bad;
      EXPECT_TRUE (gtk_widget_get_visible (error_label)) << bad;
      EXPECT_STREQ (gtk_label_get_text (GTK_LABEL (error_label)),
                    lab_workload_panel_get_error (panel_of (app))) << bad;
      EXPECT_FALSE (gtk_widget_get_sensitive (GTK_WIDGET (window_part (app, "run_button")))) << bad;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
      lab_test::iterate_for (400);
      EXPECT_FALSE (lab_window_is_running (window)) << bad;
      EXPECT_EQ (lab_window_get_comparison (window), before) << bad;
    }

  /* fixed, not yet applied: Run runs what is shown */
  gtk_editable_set_text (GTK_EDITABLE (entry), "io 30ms");
  EXPECT_EQ (lab_workload_panel_get_error (panel_of (app)), nullptr);
  EXPECT_FALSE (gtk_widget_get_visible (error_label));
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (iterate_until ([window] { return !lab_window_is_running (window); }, 30000));
  g_autofree char *ran = lab_workload_to_string (lab_comparison_get_workload (
    lab_window_get_comparison (window)));
  EXPECT_STREQ (ran, "io 30ms");

  /* no model: the same */
  lab_workload_panel_set_models (panel_of (app), "");
  EXPECT_NE (lab_workload_panel_get_error (panel_of (app)), nullptr);
  EXPECT_FALSE (gtk_widget_get_sensitive (GTK_WIDGET (window_part (app, "run_button"))));
  reset_settings ();
}

/* A lesson chosen over a chart of another workload: that chart goes (the
 * not-run page, or the lesson's own run), the header names the lesson's
 * workload, and exports of the old chart are off. */
TEST (WindowFlow, ChoosingALessonClearsAChartOfAnotherWorkload)
{
  App app;
  LabWindow *window;
  LabComparison *before;
  const LabPreset *preset = lab_preset_find ("heavy-math");
  g_autofree char *lesson = lab_preset_get_workload (preset, lab_cpu_count (), 1.0);
  LabChartView *chart;

  ASSERT_TRUE (app.ok);
  window = app.window ();
  chart = LAB_CHART_VIEW (lab_window_get_chart_view (window));
  ASSERT_TRUE (run_to_end (app, "io 20ms,10ms", "sequential"));
  before = lab_window_get_comparison (window);
  ASSERT_EQ (lab_chart_view_get_shown_comparison (chart), before);

  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.preset", "s", "heavy-math"));
  EXPECT_NE (lab_window_get_comparison (window), before);
  EXPECT_NE (lab_chart_view_get_shown_comparison (chart), before);
  EXPECT_STREQ (page_of (app), "not-run");
  EXPECT_EQ (subtitle_of (app), described (lesson));
  EXPECT_STREQ (title_of (app), lab_preset_get_title (preset));
  /* nothing of the chart from before can be saved as this lesson's */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-image", NULL);
  lab_test::iterate_for (500);
  EXPECT_EQ (lab_test::find_toplevel (LAB_TYPE_EXPORT_DIALOG), nullptr);
  /* whether it then runs by itself (a short lesson on this machine) or
   * waits for Run, the chart from before never comes back */
  EXPECT_NE (lab_chart_view_get_shown_comparison (chart), before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  iterate_until ([window] { return !lab_window_is_running (window); }, 10000);
  reset_settings ();
}

double
log_seconds (double s)
{
  return std::log10 (s);
}

/* Duration scales a workload of any shape by one factor, shows its real
 * range, and dragging back gives the workload back; Tasks repeats the
 * pattern; the lesson's name stays while its shape does. */
TEST (WindowFlow, DraggingDurationOnAMixedWorkloadScalesIt)
{
  App app;
  GtkAdjustment *duration, *count;
  AdwActionRow *duration_row;

  ASSERT_TRUE (app.ok);
  duration = GTK_ADJUSTMENT (panel_part (app, "duration_adjustment"));
  count = GTK_ADJUSTMENT (panel_part (app, "count_adjustment"));
  duration_row = ADW_ACTION_ROW (panel_part (app, "duration_row"));

  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app),
                                                "io 16x random:100ms..1500ms:seed=4 + cpu 1x1s",
                                                NULL));
  EXPECT_STREQ (adw_action_row_get_subtitle (duration_row), "100 ms – 1.5 s");

  gtk_adjustment_set_value (duration, log_seconds (3.0));
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)),
                "io 16x random:200ms..3s:seed=4 + cpu 2s");
  EXPECT_STREQ (adw_action_row_get_subtitle (duration_row), "200 ms – 3 s");
  gtk_adjustment_set_value (duration, log_seconds (0.15));
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)),
                "io 16x random:10ms..150ms:seed=4 + cpu 100ms");
  /* back where it was: the same workload, nothing worn away */
  gtk_adjustment_set_value (duration, log_seconds (1.5));
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)),
                "io 16x random:100ms..1.5s:seed=4 + cpu 1s");

  gtk_adjustment_set_value (count, 34);
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)),
                "io 32x random:100ms..1.5s:seed=4 + cpu 2x1s");

  /* durations read as they are */
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "cpu 100x2ms", NULL));
  EXPECT_STREQ (adw_action_row_get_subtitle (duration_row), "2 ms");
  gtk_adjustment_set_value (count, 30);
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)), "cpu 30x2ms");
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "cpu 3600s", NULL));
  EXPECT_STREQ (adw_action_row_get_subtitle (duration_row), "1 h");

  /* a lesson keeps its name while its shape stays */
  const LabPreset *preset = lab_preset_find ("one-cook");
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.preset", "s", "one-cook"));
  gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.stop", NULL);
  gtk_adjustment_set_value (duration, log_seconds (0.3));
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)), "io 300ms,100ms,200ms");
  gtk_adjustment_set_value (count, 6);
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)), "io 6x300ms,100ms,200ms");
  EXPECT_STREQ (title_of (app), lab_preset_get_title (preset));
  /* another kind is another shape */
  adw_combo_row_set_selected (ADW_COMBO_ROW (panel_part (app, "kind_row")), 1);
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)), "cpu 6x300ms,100ms,200ms");
  EXPECT_STRNE (title_of (app), lab_preset_get_title (preset));
  gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.stop", NULL);
  iterate_until ([&app] { return !lab_window_is_running (app.window ()); }, 10000);
  reset_settings ();
}

/* Tasks takes a million waits, and a hundred thousand computations: a
 * million waits made computations are cut to that many. */
TEST (WindowFlow, TasksGoesToAMillionWaitsAndAHundredThousandComputations)
{
  App app;
  GtkAdjustment *count;

  ASSERT_TRUE (app.ok);
  count = GTK_ADJUSTMENT (panel_part (app, "count_adjustment"));
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "io 3x1s", NULL));
  EXPECT_EQ (gtk_adjustment_get_upper (count), (double) LAB_MAX_TASKS);
  gtk_adjustment_set_value (count, LAB_MAX_TASKS);
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)), "io 1000000x1s");

  adw_combo_row_set_selected (ADW_COMBO_ROW (panel_part (app, "kind_row")), 1);
  EXPECT_STREQ (lab_workload_panel_get_workload (panel_of (app)), "cpu 100000x1s");
  EXPECT_EQ (gtk_adjustment_get_upper (count), (double) LAB_MAX_COMPUTING_TASKS);
  EXPECT_EQ (gtk_adjustment_get_value (count), (double) LAB_MAX_COMPUTING_TASKS);
  reset_settings ();
}

/* The first GtkLabel under @widget whose text contains @part. */
GtkLabel *
find_label (GtkWidget  *widget,
            const char *part)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A file that cannot be opened says so in words, with the reader's message
 * (which quotes "<data>") whole under Details: text, never markup. */
TEST (WindowFlow, AnErrorMessageWithMarkupCharactersShowsInFull)
{
  App app;
  g_autofree char *dir = g_dir_make_tmp ("lab-flow-XXXXXX", NULL);
  g_autofree char *broken = g_build_filename (dir, "a<b>&c.json", NULL);
  g_autofree char *foreign = g_build_filename (dir, "chrome.json", NULL);
  GtkWindow *dialog = NULL;

  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (g_file_set_contents (broken, "{\"metadata\": [1, 2", -1, NULL));
  ASSERT_TRUE (g_file_set_contents (foreign, "{\"traceEvents\":[]}", -1, NULL));

  g_autoptr(GFile) file = g_file_new_for_path (broken);
  lab_window_open_file (app.window (), file);
  ASSERT_TRUE (iterate_until ([&dialog] {
    return (dialog = lab_test::find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL;
  }));
  EXPECT_STREQ (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                "Could Not Open “a<b>&c.json”");
  GtkWidget *details = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  ASSERT_TRUE (GTK_IS_EXPANDER (details));
  GtkLabel *detail = find_label (gtk_expander_get_child (GTK_EXPANDER (details)), "<data>");
  ASSERT_NE (detail, nullptr) << "the parser's message is shown whole";
  EXPECT_FALSE (gtk_label_get_use_markup (detail));
  EXPECT_NE (strstr (gtk_label_get_text (detail), "not valid JSON"), nullptr);
  gtk_window_destroy (dialog);
  iterate_until ([] { return lab_test::find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL; });

  g_autoptr(GFile) other = g_file_new_for_path (foreign);
  lab_window_open_file (app.window (), other);
  ASSERT_TRUE (iterate_until ([&dialog] {
    return (dialog = lab_test::find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL;
  }));
  EXPECT_NE (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                     "not a Concurrency Lab trace"), nullptr);
  gtk_window_destroy (dialog);

  g_unlink (broken);
  g_unlink (foreign);
  g_rmdir (dir);
}

struct ClipboardPng
{
  GBytes *bytes = nullptr;
  bool    done = false;
};

void
on_clipboard_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ClipboardPng *read = static_cast<ClipboardPng *> (user_data);
  g_autoptr(GInputStream) stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result,
                                                              NULL, NULL);

  if (stream != NULL)
    read->bytes = g_input_stream_read_bytes (stream, 64 * 1024 * 1024, NULL, NULL);
  read->done = true;
}

/* Copy Image copies what Save Image would save (a 1920 × 1080 slide by
 * default, then the size last chosen there), not the widget's size. */
TEST (WindowFlow, CopyImageCopiesAtTheSizeOfSaveImage)
{
  App app;
  LabWindow *window;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  const char *png[] = { "image/png", NULL };

  ASSERT_TRUE (app.ok);
  window = app.window ();
  ASSERT_TRUE (run_to_end (app, "io 20ms,10ms", "sequential"));
  for (const char *size : { "slide", "hd" })
    {
      ClipboardPng read;
      const guint8 *data;
      gsize length = 0;

      g_settings_set_string (settings, "export-size", size);
      ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-image", NULL));
      gdk_clipboard_read_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), png,
                                G_PRIORITY_DEFAULT, NULL, on_clipboard_cb, &read);
      ASSERT_TRUE (iterate_until ([&read] { return read.done; }));
      ASSERT_NE (read.bytes, nullptr);
      data = (const guint8 *) g_bytes_get_data (read.bytes, &length);
      ASSERT_GT (length, 24u);
      guint32 width = (guint32) data[16] << 24 | (guint32) data[17] << 16 | (guint32) data[18] << 8 | data[19];
      EXPECT_EQ (width, g_str_equal (size, "slide") ? 1920u : 1280u) << size;
      EXPECT_NE ((int) width, gtk_widget_get_width (lab_window_get_chart_view (window)));
      g_bytes_unref (read.bytes);
    }
  reset_settings ();
  g_settings_reset (settings, "export-size");
}

/* At 1024 × 600, with a lesson's explanation above it, the chart gets at
 * least half of the window's height. */
TEST (WindowFlow, TheChartGetsMostOfASmallWindow)
{
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

    g_settings_set_int (settings, "window-width", 1024);
    g_settings_set_int (settings, "window-height", 600);
  }
  App app;
  LabWindow *window;
  GtkWidget *chart;
  GtkAdjustment *duration;

  ASSERT_TRUE (app.ok);
  window = app.window ();
  chart = lab_window_get_chart_view (window);
  duration = GTK_ADJUSTMENT (panel_part (app, "duration_adjustment"));
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.preset", "s", "one-cook"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  iterate_until ([window] { return !lab_window_is_running (window); }, 10000);
  /* the lesson, quickly: its explanation and the note that it was scaled */
  gtk_adjustment_set_value (duration, std::log10 (0.15));
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (iterate_until ([window] {
    return !lab_window_is_running (window) && lab_window_get_comparison (window) != NULL;
  }, 30000));
  lab_test::iterate_for (500);
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  ASSERT_LE (height, 600);
  ASSERT_GT (height, 500);
  EXPECT_TRUE (gtk_revealer_get_child_revealed (GTK_REVEALER (window_part (app, "explanation_revealer"))));
  EXPECT_GE (gtk_widget_get_height (chart), 300) << "of a window " << height << " high";
  printf ("[ measure  ] chart %d px of a window %d px high\n", gtk_widget_get_height (chart), height);
  EXPECT_GE (gtk_widget_get_height (chart) * 2, height);
  EXPECT_TRUE (lab_window_get_summary_visible (window));
  EXPECT_GT (gtk_widget_get_height (lab_window_get_summary (window)), 0);

  /* closed and opened again: the chart grows and shrinks back */
  int open_height = gtk_widget_get_height (chart);
  lab_window_set_summary_visible (window, FALSE);
  lab_test::iterate_for (300);
  EXPECT_GT (gtk_widget_get_height (chart), open_height);
  lab_window_set_summary_visible (window, TRUE);
  lab_test::iterate_for (300);
  EXPECT_EQ (gtk_widget_get_height (chart), open_height);
  reset_settings ();
}

} /* namespace */
