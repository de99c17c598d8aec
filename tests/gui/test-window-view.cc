/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The View menu: a layer toggled is redrawn away and kept in the settings;
 * a lesson shows its own layers until the next lesson. */

#include <gtest/gtest.h>

#include <glib/gstdio.h>

#include <string>
#include <vector>

#include "lab-gui-test.h"

extern "C" {
#include "config.h"
#include "lab-chart-layers.h"
#include "lab-chart-view.h"
#include "lab-preset.h"
#include "lab-summary-list.h"
#include "lab-trace-json.h"
#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::iterate_until;

namespace {

constexpr gint64 kMs = 1000000;
constexpr gint64 kT0 = 3000 * G_GINT64_CONSTANT (1000000000);

/* Two tasks computing on two cores for a second, a third waiting. */
LabComparison *
make_comparison ()
{
  g_autoptr(LabWorkload) w = lab_workload_parse ("cpu 2x1s + io 1x1s", NULL);
  LabComparison *c = lab_comparison_new (w, 2);
  g_autoptr(LabTrace) t = lab_trace_new ("threads", w, 2);

  lab_trace_set_n_workers (t, 2);
  lab_trace_begin (t, kT0);
  lab_trace_writer_add (lab_trace_get_writer (t, 0), 0, LAB_STATE_RUNNING, 0, kT0, kT0 + 1000 * kMs);
  lab_trace_writer_add (lab_trace_get_writer (t, 1), 1, LAB_STATE_RUNNING, 1, kT0, kT0 + 1000 * kMs);
  lab_trace_writer_add (lab_trace_get_writer (t, 1), 2, LAB_STATE_WAITING_IO, -1, kT0 + 1000 * kMs,
                        kT0 + 2000 * kMs);
  for (guint k = 0; k < 3; k++)
    lab_trace_task_done (t, k);
  lab_trace_end (t, kT0 + 2000 * kMs);
  lab_comparison_add_trace (c, t);
  return c;
}

std::vector<std::string>
setting_layers (GSettings *settings)
{
  g_auto(GStrv) ids = g_settings_get_strv (settings, "layers");
  std::vector<std::string> out;

  for (guint i = 0; ids[i] != NULL; i++)
    out.emplace_back (ids[i]);
  return out;
}

LabChartLayers
layers_of (const char *text)
{
  LabChartLayers layers = LAB_CHART_LAYERS_NONE;

  EXPECT_TRUE (lab_chart_layers_parse (text, &layers, NULL)) << text;
  return layers;
}

/* Whether a band of @layer is drawn anywhere down the middle of the chart. */
bool
shows_layer (LabChartView *view,
             const char   *layer)
{
  LabComparison *shown = lab_chart_view_get_shown_comparison (view);
  LabChartOptions options;
  LabChartHit hit;

  lab_chart_view_get_options (view, &options);
  for (double y = 0; shown != NULL && y < options.height; y++)
    if (lab_chart_hit_test (shown, &options, options.width / 2, y, &hit)
        && g_strcmp0 (hit.layer, layer) == 0)
      return true;
  return false;
}

bool
toggle (App        &app,
        const char *id)
{
  g_autofree char *action = g_strdup_printf ("view.%s", id);

  return gtk_widget_activate_action (GTK_WIDGET (app.window ()), action, NULL);
}

/* A trace given to the program (`concurrency-lab run.json`, or dropped on
 * its launcher) opens in a window of its own, drawn as File → Open draws it. */
TEST (WindowView, ATraceGivenToTheProgramOpensInAWindow)
{
  g_autoptr(LabComparison) comparison = make_comparison ();
  App app;
  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (g_application_get_flags (G_APPLICATION (app.app)) & G_APPLICATION_HANDLES_OPEN);

  g_autofree char *dir = g_dir_make_tmp ("lab-view-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "given.json", NULL);
  ASSERT_TRUE (lab_trace_json_save (comparison, path, NULL));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };
  g_application_open (G_APPLICATION (app.app), files, 1, "");

  LabWindow *opened = NULL;
  ASSERT_TRUE (iterate_until ([&app, &opened] {
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app.app)); l; l = l->next)
      if (LAB_IS_WINDOW (l->data) && lab_window_get_comparison (LAB_WINDOW (l->data)) != NULL)
        opened = LAB_WINDOW (l->data);
    return opened != NULL;
  }));
  EXPECT_EQ (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app.app))), 2u)
      << "the window already open keeps what it shows";
  LabComparison *shown = lab_window_get_comparison (opened);
  EXPECT_EQ (lab_comparison_get_n_traces (shown), 1u);
  LabTrace *threads = lab_comparison_dup_trace_of_model (shown, "threads");
  EXPECT_NE (threads, nullptr);
  g_clear_pointer (&threads, lab_trace_unref);
  g_unlink (path);
  g_rmdir (dir);
}

/* The window's own drawing is counted in an in-process model's memory:
 * the summary's memory columns show with the memory layer (the lesson
 * about memory turns it on), not beside every run. */
TEST (WindowView, MemoryColumnsFollowTheMemoryLayer)
{
  g_autoptr(LabComparison) comparison = make_comparison ();
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, 0);
  for (gint64 k = 0; k <= 4; k++)
    {
      LabMemorySample m = {};
      m.t_ns = kT0 + k * 500 * kMs;
      m.rss_bytes = m.pss_bytes = (100 + 10 * k) * 1024 * 1024;
      m.source = LAB_MEMORY_SOURCE_SMAPS_ROLLUP;
      lab_trace_add_memory (trace, &m);
    }
  App app;
  ASSERT_TRUE (app.ok);
  LabChartView *view = LAB_CHART_VIEW (lab_window_get_chart_view (app.window ()));
  LabSummaryList *summary = LAB_SUMMARY_LIST (lab_window_get_summary (app.window ()));
  lab_chart_view_set_layers (view, LAB_CHART_LAYERS_NONE);

  g_autofree char *dir = g_dir_make_tmp ("lab-view-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "memory.json", NULL);
  ASSERT_TRUE (lab_trace_json_save (comparison, path, NULL));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  lab_window_open_file (app.window (), file);
  ASSERT_TRUE (iterate_until ([&app, summary] {
    return lab_window_get_comparison (app.window ()) != NULL
           && lab_summary_list_get_n_rows (summary) == 1;
  }));
  g_unlink (path);
  g_rmdir (dir);
  lab_chart_view_set_layers (view, LAB_CHART_LAYERS_NONE);
  EXPECT_FALSE (lab_summary_list_get_column_shown (summary, LAB_SUMMARY_COLUMN_PEAK_MEMORY));
  EXPECT_TRUE (lab_summary_list_get_column_shown (summary, LAB_SUMMARY_COLUMN_ELAPSED));

  LabChartLayers memory;
  ASSERT_TRUE (lab_chart_layers_parse ("memory", &memory, NULL));
  lab_chart_view_set_layers (view, memory);
  EXPECT_TRUE (lab_summary_list_get_column_shown (summary, LAB_SUMMARY_COLUMN_PEAK_MEMORY));
  lab_chart_view_set_layers (view, LAB_CHART_LAYERS_NONE);
  EXPECT_FALSE (lab_summary_list_get_column_shown (summary, LAB_SUMMARY_COLUMN_PEAK_MEMORY));
}

TEST (WindowView, ToggledLayerIsRedrawnAwayAndKeptInTheSettings)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(LabComparison) comparison = make_comparison ();

  g_settings_reset (settings, "layers");
  App app;
  ASSERT_TRUE (app.ok);
  LabChartView *view = LAB_CHART_VIEW (lab_window_get_chart_view (app.window ()));
  EXPECT_EQ (lab_chart_view_get_layers (view), LAB_CHART_LAYERS_NONE)
      << "the first lesson's view: task lanes alone";

  /* shown as an opened trace is */
  g_autofree char *dir = g_dir_make_tmp ("lab-view-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  ASSERT_TRUE (lab_trace_json_save (comparison, path, NULL));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  lab_window_open_file (app.window (), file);
  ASSERT_TRUE (iterate_until ([&app, view] {
    return lab_window_get_comparison (app.window ()) != NULL
           && lab_chart_view_get_render_count (view) > 0
           && gtk_widget_get_height (GTK_WIDGET (view)) > 0;
  }));
  g_unlink (path);
  g_rmdir (dir);
  EXPECT_FALSE (shows_layer (view, "cores"));

  guint drawn = lab_chart_view_get_render_count (view);
  ASSERT_TRUE (toggle (app, "cores"));
  EXPECT_EQ (setting_layers (settings), std::vector<std::string> { "cores" });
  EXPECT_TRUE (iterate_until ([view, drawn] { return lab_chart_view_get_render_count (view) > drawn; }))
      << "not redrawn";
  EXPECT_TRUE (shows_layer (view, "cores"));
  EXPECT_TRUE (shows_layer (view, "tasks"));

  /* Images follow the view: they are drawn with the view's options. */
  LabChartOptions options;
  lab_chart_view_get_options (view, &options);
  EXPECT_EQ (options.layers, layers_of ("cores"));

  drawn = lab_chart_view_get_render_count (view);
  ASSERT_TRUE (toggle (app, "cores"));
  EXPECT_TRUE (setting_layers (settings).empty ());
  EXPECT_TRUE (iterate_until ([view, drawn] { return lab_chart_view_get_render_count (view) > drawn; }));
  EXPECT_FALSE (shows_layer (view, "cores"));

  /* The settings drive the view too. */
  const char *ids[] = { "flight", "nonsense-from-a-later-version", NULL };
  g_settings_set_strv (settings, "layers", ids);
  EXPECT_EQ (lab_chart_view_get_layers (view), layers_of ("flight"));
  EXPECT_TRUE (iterate_until ([view] { return shows_layer (view, "flight"); }));

  /* Every layer has its shortcut, listed in the shortcuts window. */
  for (guint i = 0; i < lab_chart_layers_get_n (); i++)
    {
      g_autofree char *action = g_strdup_printf ("view.%s", lab_chart_layers_get_id (i));
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app.app),
                                                                    action);
      ASSERT_NE (accels[0], nullptr) << action;
    }
  EXPECT_TRUE (app.quit ());
  g_settings_reset (settings, "layers");
}

TEST (WindowView, LessonShowsItsLayersAndAToggleStaysUntilTheNextLesson)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

  g_settings_reset (settings, "layers");
  {
    App app;
    ASSERT_TRUE (app.ok);
    LabChartView *view = LAB_CHART_VIEW (lab_window_get_chart_view (app.window ()));
    GtkWidget *window = GTK_WIDGET (app.window ());

    ASSERT_TRUE (gtk_widget_activate_action (window, "win.preset", "s", "gil"));
    EXPECT_EQ (lab_chart_view_get_layers (view),
               layers_of (lab_preset_get_layers (lab_preset_find ("gil"))));
    EXPECT_EQ (setting_layers (settings), (std::vector<std::string> { "cores", "gil" }));

    /* A toggle stays, also when the workload is changed by hand. */
    ASSERT_TRUE (toggle (app, "flight"));
    lab_workload_panel_set_workload (LAB_WORKLOAD_PANEL (lab_window_get_workload_panel (app.window ())),
                                     "cpu 2x10ms", NULL);
    EXPECT_EQ (lab_chart_view_get_layers (view), layers_of ("cores,gil,flight"));

    /* The next lesson brings its own. */
    ASSERT_TRUE (gtk_widget_activate_action (window, "win.preset", "s", "blocking"));
    EXPECT_EQ (lab_chart_view_get_layers (view), layers_of ("loop"));
    ASSERT_TRUE (toggle (app, "cores"));
    gtk_widget_activate_action (window, "win.stop", NULL);
    EXPECT_TRUE (app.quit ());
  }
  /* ... and the view as last left comes back with the window. */
  App again;
  ASSERT_TRUE (again.ok);
  LabChartView *view = LAB_CHART_VIEW (lab_window_get_chart_view (again.window ()));
  EXPECT_EQ (lab_chart_view_get_layers (view), layers_of ("loop,cores"));
  EXPECT_TRUE (again.quit ());
  g_settings_reset (settings, "layers");
}

} /* namespace */
