/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running models from the window on a real display (Xvfb): live chart and
 * summary, Stop, images, traces and a model that cannot run. */

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lab-cpu.h"
#include "lab-gui-test.h"

extern "C" {
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "lab-chart-view.h"
#include "lab-cpu-monitor.h"
#include "lab-duration.h"
#include "lab-export-dialog.h"
#include "lab-preset.h"
#include "lab-run-entry.h"
#include "lab-stats.h"
#include "lab-summary-list.h"
#include "lab-trace-json.h"
#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::choose_preset;
using lab_test::panel_of;
using lab_test::run_to_end;
using lab_test::iterate_until;

namespace {

/* The preset's workload with its durations scaled: the lesson, quickly. */
std::string
scaled_preset (const char *id,
               double      scale)
{
  g_autofree char *text = lab_preset_get_workload (lab_preset_find (id), lab_cpu_count (), scale);

  return text;
}

std::vector<std::string>
summary_cells (App &app)
{
  LabSummaryList *summary = LAB_SUMMARY_LIST (lab_window_get_summary (app.window ()));
  std::vector<std::string> cells;

  for (guint row = 0; row < lab_summary_list_get_n_rows (summary); row++)
    for (guint column = 0; column < LAB_SUMMARY_N_COLUMNS; column++)
      {
        const char *cell = lab_summary_list_get_cell (summary, row, (LabSummaryColumn) column);

        cells.push_back (cell != NULL ? cell : "(none)");
      }
  return cells;
}

/* What the summary must show: the figures of lab-figures.h, a column for
 * a figure only where some model has it, "—" where a model has not. */
std::vector<std::string>
expected_cells (LabComparison *comparison,
                bool           show_memory)
{
  std::vector<LabFigures *> figures;
  std::vector<std::string> cells;
  bool shown[LAB_SUMMARY_N_COLUMNS];

  for (guint i = 0; i < lab_comparison_get_n_traces (comparison); i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);

      figures.push_back (lab_figures_new (comparison, trace));
    }
  for (guint column = 0; column < LAB_SUMMARY_N_COLUMNS; column++)
    {
      LabFigureId id = lab_summary_column_get_figure ((LabSummaryColumn) column);

      bool memory = id == LAB_FIGURE_PEAK_MEMORY || id == LAB_FIGURE_TASK_MEMORY
                    || id == LAB_FIGURE_WORKER_MEMORY;

      shown[column] = id == LAB_N_FIGURES || id == LAB_FIGURE_ELAPSED;
      for (LabFigures *f : figures)
        shown[column] = shown[column] || lab_figures_find (f, id) != NULL;
      /* the window shows memory with the chart's memory layer */
      if (memory && !show_memory)
        shown[column] = false;
    }
  for (guint i = 0; i < figures.size (); i++)
    {
      LabFigures *f = figures[i];
      LabTraceStats stats;

      lab_trace_compute_stats (f->trace, &stats);
      for (guint column = 0; column < LAB_SUMMARY_N_COLUMNS; column++)
        {
          LabFigureId id = lab_summary_column_get_figure ((LabSummaryColumn) column);
          const LabFigure *figure = lab_figures_find (f, id);
          g_autofree char *text = NULL;

          if (!shown[column])
            text = g_strdup ("(none)");
          else if (column == LAB_SUMMARY_COLUMN_MODEL)
            text = lab_run_entry_dup_name (comparison, i);
          else if (figure != NULL)
            text = g_strdup (figure->cell);
          else if (column == LAB_SUMMARY_COLUMN_CPU)
            text = stats.cpu_ns == 0 ? g_strdup ("0 s") : lab_duration_format (stats.cpu_ns);
          else if (column == LAB_SUMMARY_COLUMN_IDEAL && f->ideal_ns >= 0)
            text = lab_duration_format (f->ideal_ns);
          else
            text = g_strdup ("—");
          cells.push_back (text);
        }
    }
  for (LabFigures *f : figures)
    lab_figures_free (f);
  return cells;
}

/* The children of this process, from /proc. */
int
count_children ()
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  int n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/stat", name);
      g_autofree char *contents = NULL;
      const char *paren;
      int ppid = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      paren = strrchr (contents, ')');
      if (paren != NULL && sscanf (paren + 2, "%*c %d", &ppid) == 1 && ppid == getpid ())
        n++;
    }
  return n;
}

/* A lesson chosen in the window is the lesson's plan, whole: the sidebar
 * describes it, and the run of it keeps it, as the command line's does. */
TEST (WindowRun, ALessonIsTheLessonsPlan)
{
  App app;
  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (choose_preset (app, "start-up"));
  g_autoptr (LabRunPlan) lesson = lab_preset_dup_plan (lab_preset_find ("start-up"),
                                                       lab_cpu_count (), 1.0);
  g_autoptr (GError) error = nullptr;
  g_autoptr (LabRunPlan) sidebar = lab_workload_panel_dup_plan (panel_of (app), &error);
  ASSERT_NE (sidebar, nullptr) << error->message;
  EXPECT_TRUE (lab_run_plan_equal (sidebar, lesson));

  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.run", NULL));
  ASSERT_TRUE (iterate_until ([&app] { return !lab_window_is_running (app.window ()); }, 60000));
  LabComparison *ran = lab_window_get_comparison (app.window ());
  ASSERT_NE (ran, nullptr);
  EXPECT_TRUE (lab_run_plan_equal (lab_comparison_get_plan (ran), lesson));
}

TEST (WindowRun, PresetOneShowsOnePanelPerModelAndTheMeasuredSummary)
{
  App app;
  const LabPreset *preset = lab_preset_find ("one-cook");
  LabComparison *comparison;
  LabChartView *chart;

  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (run_to_end (app, scaled_preset ("one-cook", 0.05).c_str (), preset->models));
  comparison = lab_window_get_comparison (app.window ());
  ASSERT_NE (comparison, nullptr);
  EXPECT_TRUE (lab_comparison_is_finished (comparison));
  chart = LAB_CHART_VIEW (lab_window_get_chart_view (app.window ()));
  EXPECT_EQ (lab_chart_view_get_n_panels (chart), 2u);
  EXPECT_EQ (lab_chart_view_get_comparison (chart), comparison);

  std::vector<std::string> shown = summary_cells (app);
  ASSERT_EQ (shown.size (), 2u * LAB_SUMMARY_N_COLUMNS);
  EXPECT_EQ (shown, expected_cells (comparison, false)) << "One Cook leaves the memory layer off";
  EXPECT_EQ (shown[LAB_SUMMARY_COLUMN_MODEL], "Sequential");
  /* Waits only: no speedup over cores, the waits at once instead. */
  EXPECT_EQ (shown[LAB_SUMMARY_COLUMN_SPEEDUP], "(none)");
  EXPECT_EQ (shown[LAB_SUMMARY_COLUMN_EFFICIENCY], "(none)");
  EXPECT_NE (shown[LAB_SUMMARY_COLUMN_WAITS_AT_ONCE], "(none)");
  EXPECT_NE (shown[LAB_SUMMARY_COLUMN_WAITS_AT_ONCE], "—");
  /* The waits overlap on the event loop: its elapsed time is shorter. */
  {
    g_autoptr(LabTrace) seq = lab_comparison_dup_trace (comparison, 0);
    g_autoptr(LabTrace) loop = lab_comparison_dup_trace (comparison, 1);
    LabTraceStats s, l;

    lab_trace_compute_stats (seq, &s);
    lab_trace_compute_stats (loop, &l);
    EXPECT_LT (l.elapsed_ns, s.elapsed_ns);
  }
  EXPECT_EQ (lab_window_get_banner_message (app.window ()), nullptr);
  EXPECT_TRUE (app.quit ());
}

TEST (WindowRun, StopEndsTheRunPromptlyAndLeavesNoChildProcess)
{
  App app;
  LabWindow *window;
  gint64 stopped_us, ended_us;

  ASSERT_TRUE (app.ok);
  window = app.window ();
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "cpu 8x3s + io 4x5s", NULL));
  lab_workload_panel_set_models (panel_of (app), "sequential,event-loop,loop-offload,threads,"
                                                 "threads-gil,processes");
  lab_workload_panel_set_all_at_once (panel_of (app), TRUE);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  ASSERT_TRUE (lab_window_is_running (window));
  /* Let every model get going, the worker processes included. */
  ASSERT_TRUE (iterate_until ([] { return count_children () > 0; }, 10000));
  lab_test::iterate_for (500);
  ASSERT_TRUE (lab_window_is_running (window));

  stopped_us = g_get_monotonic_time ();
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  ASSERT_TRUE (iterate_until ([window] { return !lab_window_is_running (window); }, 5000));
  ended_us = g_get_monotonic_time ();
  RecordProperty ("stop_ms", (int) ((ended_us - stopped_us) / 1000));
  g_printerr ("Stop ended the run in %.1f ms\n", (ended_us - stopped_us) / 1000.0);
  EXPECT_LT (ended_us - stopped_us, G_USEC_PER_SEC);
  EXPECT_EQ (count_children (), 0);
  lab_workload_panel_set_all_at_once (panel_of (app), FALSE);
  EXPECT_TRUE (app.quit ());
}

/* Reads the size from a PNG's IHDR chunk. */
bool
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  g_autofree guchar *data = NULL;
  gsize length = 0;
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (!g_file_get_contents (path, (char **) &data, &length, NULL) || length < 24
      || memcmp (data, signature, 8) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    return false;
  *width = (data[16] << 24) | (data[17] << 16) | (data[18] << 8) | data[19];
  *height = (data[20] << 24) | (data[21] << 16) | (data[22] << 8) | data[23];
  return true;
}

TEST (WindowRun, SaveImageWritesAPngOfTheChosenSize)
{
  App app;
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LabChartOptions options;
  LabExportDialog *dialog;
  guint width = 0, height = 0;

  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (run_to_end (app, "io 30ms,10ms,20ms", "sequential,event-loop"));
  lab_chart_view_get_options (LAB_CHART_VIEW (lab_window_get_chart_view (app.window ())), &options);
  dialog = lab_export_dialog_new (GTK_WINDOW (app.window ()),
                                  lab_window_get_comparison (app.window ()), &options);
  lab_export_dialog_set_format (dialog, LAB_EXPORT_DIALOG_FORMAT_PNG);
  lab_export_dialog_set_size (dialog, LAB_EXPORT_DIALOG_SIZE_HD);
  lab_export_dialog_set_theme (dialog, LAB_EXPORT_DIALOG_THEME_DARK);
  ASSERT_TRUE (lab_export_dialog_save_to_file (dialog, file, &error))
    << (error != NULL ? error->message : "");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ASSERT_TRUE (png_size (path, &width, &height));
  EXPECT_EQ (width, 1280u);
  EXPECT_EQ (height, 720u);
  g_unlink (path);
  g_rmdir (dir);
  EXPECT_TRUE (app.quit ());
}

static LabExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = (GObject *) g_list_model_get_item (toplevels, i);

      if (LAB_IS_EXPORT_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return LAB_EXPORT_DIALOG (item);
    }
  return NULL;
}

// Save Image (the window's action) opens the dialog with the choices of the
// last image, kept in settings.
TEST (WindowRun, SaveImageRemembersTheChoices)
{
  App app;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  LabExportDialog *dialog;

  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (run_to_end (app, "io 30ms,10ms,20ms", "sequential,event-loop"));

  g_settings_set_string (settings, "export-size", "hd");
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.save-image", NULL));
  ASSERT_TRUE (iterate_until ([&] { return find_export_dialog () != NULL; }));
  dialog = find_export_dialog ();
  EXPECT_EQ (lab_export_dialog_get_size (dialog), LAB_EXPORT_DIALOG_SIZE_HD);

  lab_export_dialog_set_format (dialog, LAB_EXPORT_DIALOG_FORMAT_SVG);
  lab_export_dialog_set_theme (dialog, LAB_EXPORT_DIALOG_THEME_DARK);
  lab_export_dialog_set_transparent (dialog, TRUE);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_autofree char *format = g_settings_get_string (settings, "export-format");
  g_autofree char *theme = g_settings_get_string (settings, "export-theme");
  EXPECT_STREQ (format, "svg");
  EXPECT_STREQ (theme, "dark");
  EXPECT_TRUE (g_settings_get_boolean (settings, "export-transparent"));

  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.save-image", NULL));
  ASSERT_TRUE (iterate_until ([&] { return find_export_dialog () != NULL; }));
  dialog = find_export_dialog ();
  EXPECT_EQ (lab_export_dialog_get_format (dialog), LAB_EXPORT_DIALOG_FORMAT_SVG);
  EXPECT_TRUE (lab_export_dialog_get_transparent (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_settings_reset (settings, "export-format");
  g_settings_reset (settings, "export-size");
  g_settings_reset (settings, "export-theme");
  g_settings_reset (settings, "export-transparent");
  EXPECT_TRUE (app.quit ());
}

TEST (WindowRun, AnOpenedTraceShowsTheSameSummary)
{
  App app;
  g_autofree char *dir = g_dir_make_tmp ("lab-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LabComparison *ran;
  std::vector<std::string> before;

  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (run_to_end (app, "io 30ms,10ms,20ms + cpu 20ms", "sequential,event-loop,threads"));
  ran = lab_window_get_comparison (app.window ());
  before = summary_cells (app);
  ASSERT_EQ (before.size (), 3u * LAB_SUMMARY_N_COLUMNS);
  ASSERT_TRUE (lab_trace_json_save (ran, path, &error)) << (error != NULL ? error->message : "");

  lab_window_open_file (app.window (), file);
  ASSERT_TRUE (iterate_until ([&app, ran] {
    return lab_window_get_comparison (app.window ()) != ran;
  }));
  EXPECT_EQ (summary_cells (app), before);
  EXPECT_EQ (lab_chart_view_get_n_panels (LAB_CHART_VIEW (lab_window_get_chart_view (app.window ()))),
             3u);
  g_unlink (path);
  g_rmdir (dir);
  EXPECT_TRUE (app.quit ());
}

TEST (WindowRun, AMissingWorkerProgramShowsABannerAndTheOthersStillRun)
{
  App app;
  g_autofree char *saved = g_strdup (g_getenv ("LAB_WORKER_PATH"));
  LabComparison *comparison;
  const char *message;

  ASSERT_TRUE (app.ok);
  g_setenv ("LAB_WORKER_PATH", "/nonexistent/concurrency-lab-worker", TRUE);
  ASSERT_TRUE (run_to_end (app, "io 20ms,10ms", "sequential,processes"));
  if (saved != NULL)
    g_setenv ("LAB_WORKER_PATH", saved, TRUE);
  else
    g_unsetenv ("LAB_WORKER_PATH");

  message = lab_window_get_banner_message (app.window ());
  ASSERT_NE (message, nullptr);
  EXPECT_NE (strstr (message, "Processes"), nullptr) << message;
  comparison = lab_window_get_comparison (app.window ());
  {
    g_autoptr(LabTrace) sequential = lab_comparison_dup_trace_of_model (comparison, "sequential");
    LabTraceStats stats;

    ASSERT_NE (sequential, nullptr);
    lab_trace_compute_stats (sequential, &stats);
    EXPECT_EQ (stats.n_done, 2u);
    EXPECT_EQ (lab_trace_get_error (sequential), nullptr);
  }
  EXPECT_TRUE (app.quit ());
}

TEST (WindowRun, QuittingDuringARunStopsItFirst)
{
  App app;

  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "cpu 4x5s", NULL));
  lab_workload_panel_set_models (panel_of (app), "processes");
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.run", NULL));
  ASSERT_TRUE (iterate_until ([] { return count_children () > 0; }, 10000));
  /* The window goes at once; the application is held until the workers
   * have been killed and reaped. */
  gint64 start = g_get_monotonic_time ();
  EXPECT_TRUE (app.quit ());
  EXPECT_TRUE (iterate_until ([] { return count_children () == 0; }, 1000));
  printf ("[ measure  ] quit to no child process: %.1f ms\n",
          (g_get_monotonic_time () - start) / 1000.0);
}

TEST (WindowRun, AChangedWorkloadReRunsWhenShortAndIsRemembered)
{
  App app;
  LabWindow *window;
  LabComparison *first;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autofree char *stored = NULL;

  ASSERT_TRUE (app.ok);
  window = app.window ();
  ASSERT_TRUE (run_to_end (app, "io 20ms,10ms", "sequential,event-loop"));
  first = lab_window_get_comparison (window);

  /* Short: re-runs by itself after the pause. */
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "io 30ms,10ms", NULL));
  EXPECT_FALSE (lab_window_is_running (window));
  ASSERT_TRUE (iterate_until ([window, first] {
    return lab_window_get_comparison (window) != first && !lab_window_is_running (window);
  }));
  stored = g_settings_get_string (settings, "workload");
  EXPECT_STREQ (stored, lab_workload_panel_get_workload (panel_of (app)));

  /* Long (two minutes of waiting, one after another): waits for Run, and
   * the chart of the workload before gives way to "not run yet". */
  ASSERT_TRUE (lab_workload_panel_set_workload (panel_of (app), "io 2x60s", NULL));
  lab_test::iterate_for (800);
  EXPECT_FALSE (lab_window_is_running (window));
  EXPECT_EQ (lab_window_get_comparison (window), nullptr);
  g_settings_reset (settings, "workload");
  g_settings_reset (settings, "workload-pattern");
  g_settings_reset (settings, "models");
  EXPECT_TRUE (app.quit ());
}

} /* namespace */
