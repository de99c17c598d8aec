/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chart widget on a real display (Xvfb): panels, the render cache,
 * live runs, zoom, hover details and what screen readers are told. */

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>

extern "C" {
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lab-chart-view.h"
#include "lab-chart-view-private.h"
#include "lab-clock.h"
#include "lab-comparison.h"
#include "lab-cpu.h"
#include "lab-model.h"
#include "lab-runner.h"
#include "lab-trace.h"
#include "lab-types.h"
#include "lab-workload.h"
#include "../plan-test-helpers.h"
}

namespace {

constexpr gint64 kSecond = LAB_NS_PER_S;
/* An arbitrary time zero, far from 0 so that relative times are exercised. */
constexpr gint64 kT0 = 1000 * kSecond;

/* GTK is set up once, by the first test that needs it. */
bool
display_ready (void)
{
  static int ready = -1;

  if (ready < 0)
    {
      ready = (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
              && gtk_init_check ();
      if (ready)
        adw_init ();
    }
  return ready;
}

/* Iterates the default main context until @done or @timeout_ms passed. */
bool
iterate_until (const std::function<bool ()> &done,
               int                           timeout_ms = 5000)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!done ())
    {
      if (g_get_monotonic_time () > deadline)
        return false;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return true;
}

void
iterate_for (int ms)
{
  iterate_until ([] { return false; }, ms);
}

/* "io 3,1,2s" run one after another (6 s) and on an event loop (3 s):
 * the first lesson, with hand-made measurements. */
LabComparison *
make_comparison (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) workload = lab_workload_parse ("io 3,1,2s", &error);
  LabComparison *comparison;
  const gint64 seq[3][2] = { { 0, 3 }, { 3, 4 }, { 4, 6 } };
  const gint64 loop[3][2] = { { 0, 3 }, { 0, 1 }, { 0, 2 } };

  g_assert_no_error (error);
  comparison = lab_comparison_new (workload, 2);

  for (int m = 0; m < 2; m++)
    {
      g_autoptr(LabTrace) trace = lab_trace_new (m == 0 ? "sequential" : "event-loop", workload, 2);
      const gint64 (*spans)[2] = m == 0 ? seq : loop;
      LabTraceWriter *writer;

      lab_trace_set_n_workers (trace, 1);
      lab_trace_begin (trace, kT0);
      writer = lab_trace_get_writer (trace, 0);
      for (guint32 task = 0; task < 3; task++)
        {
          lab_trace_writer_add (writer, task, LAB_STATE_WAITING_IO, -1,
                                kT0 + spans[task][0] * kSecond, kT0 + spans[task][1] * kSecond);
          lab_trace_task_done (trace, task);
        }
      lab_trace_end (trace, kT0 + (m == 0 ? 6 : 3) * kSecond);
      lab_comparison_add_trace (comparison, trace);
    }
  return comparison;
}

/* A debug path for people: with LAB_TEST_SHOT_DIR set, the chart as drawn
 * is written there as PNG, to look at. */
void
maybe_save_shot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("LAB_TEST_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL || width <= 0 || height <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_t bounds;
  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

class ChartViewTest : public ::testing::Test
{
protected:
  GtkWindow *window = nullptr;
  LabChartView *view = nullptr;

  void
  SetUp () override
  {
    if (!display_ready ())
      GTEST_SKIP () << "no display (run under Xvfb)";

    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_LIGHT);
    window = GTK_WINDOW (gtk_window_new ());
    gtk_window_set_default_size (window, 1000, 700);
    view = LAB_CHART_VIEW (lab_chart_view_new ());
    gtk_window_set_child (window, GTK_WIDGET (view));
  }

  void
  TearDown () override
  {
    if (window != nullptr)
      gtk_window_destroy (window);
    iterate_for (20);
  }

  /* Shows the window and waits until the chart was drawn once. */
  void
  show (void)
  {
    gtk_window_present (window);
    ASSERT_TRUE (iterate_until ([this] {
      return gtk_widget_get_mapped (GTK_WIDGET (view))
             && gtk_widget_get_width (GTK_WIDGET (view)) > 0
             && lab_chart_view_get_render_count (view) > 0;
    })) << "the chart was never drawn";
  }

  /* Where the pointer is, as the motion controller would record it. */
  void
  hover (double x,
         double y)
  {
    view->pointer_inside = TRUE;
    view->pointer_x = x;
    view->pointer_y = y;
    gtk_widget_queue_draw (GTK_WIDGET (view));
  }

  /* A y over the first panel's task lanes (a waiting segment at @x). */
  double
  find_segment_y (double x)
  {
    int height = gtk_widget_get_height (GTK_WIDGET (view));

    for (int y = 0; y < height; y++)
      {
        g_autofree char *text = lab_chart_view_describe_at (view, x, y);

        if (text != nullptr)
          return y;
      }
    return -1;
  }
};

TEST_F (ChartViewTest, OnePanelPerModel)
{
  g_autoptr(LabComparison) comparison = make_comparison ();

  EXPECT_EQ (lab_chart_view_get_n_panels (view), 0u);
  lab_chart_view_set_comparison (view, comparison);
  show ();

  EXPECT_EQ (lab_chart_view_get_comparison (view), comparison);
  EXPECT_EQ (lab_chart_view_get_n_panels (view), lab_comparison_get_n_traces (comparison));
  EXPECT_EQ (lab_chart_view_get_n_panels (view), 2u);
  maybe_save_shot (GTK_WIDGET (view), "chart-light.png");
}

TEST_F (ChartViewTest, ScreenReadersGetRoleNameAndSummary)
{
  g_autoptr(LabComparison) comparison = make_comparison ();

  g_autofree char *empty = lab_chart_view_dup_summary (view);
  ASSERT_NE (empty, nullptr);

  lab_chart_view_set_comparison (view, comparison);
  show ();

  EXPECT_EQ (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)), GTK_ACCESSIBLE_ROLE_IMG);
  EXPECT_TRUE (gtk_widget_get_focusable (GTK_WIDGET (view)));

  /* The summary names every model with its measured time. */
  g_autofree char *summary = lab_chart_view_dup_summary (view);
  EXPECT_STRNE (summary, empty);
  EXPECT_NE (strstr (summary, lab_model_get_name (lab_model_find ("sequential"))), nullptr) << summary;
  EXPECT_NE (strstr (summary, lab_model_get_name (lab_model_find ("event-loop"))), nullptr) << summary;
  EXPECT_NE (strstr (summary, "6.00 s"), nullptr) << summary;
  EXPECT_NE (strstr (summary, "3.00 s"), nullptr) << summary;
  /* ... and then every task's spans, each whole: task 2 (1-based) waits 3 s to 4 s */
  EXPECT_NE (strstr (summary, "Task 2: Waiting for I/O from 3.00 s to 4.00 s (1.00 s)."), nullptr)
      << summary;
}

TEST_F (ChartViewTest, CacheRendersOnlyWhenDataSizeZoomOrThemeChange)
{
  g_autoptr(LabComparison) comparison = make_comparison ();
  guint renders;

  lab_chart_view_set_comparison (view, comparison);
  show ();
  iterate_for (100);

  /* A redraw for the hover marks reuses the picture. */
  renders = lab_chart_view_get_render_count (view);
  hover (gtk_widget_get_width (GTK_WIDGET (view)) / 2.0, 100);
  iterate_for (100);
  hover (gtk_widget_get_width (GTK_WIDGET (view)) / 3.0, 120);
  iterate_for (100);
  EXPECT_EQ (lab_chart_view_get_render_count (view), renders)
    << "a redraw without new data, size, zoom or theme rendered the chart again";

  /* Size */
  gtk_widget_set_size_request (GTK_WIDGET (view), 700, 420);
  gtk_widget_set_halign (GTK_WIDGET (view), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (view), GTK_ALIGN_START);
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  EXPECT_TRUE (iterate_until ([&] { return gtk_widget_get_width (GTK_WIDGET (view)) != width; }));
  EXPECT_TRUE (iterate_until ([&] { return lab_chart_view_get_render_count (view) > renders; }));
  iterate_for (100);

  /* Zoom */
  renders = lab_chart_view_get_render_count (view);
  lab_chart_view_zoom (view, 2.0, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0);
  EXPECT_TRUE (iterate_until ([&] { return lab_chart_view_get_render_count (view) > renders; }));
  iterate_for (100);
  EXPECT_EQ (lab_chart_view_get_render_count (view), renders + 1);

  /* Theme */
  renders = lab_chart_view_get_render_count (view);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  EXPECT_EQ (lab_chart_view_get_theme (view), LAB_THEME_DARK);
  EXPECT_TRUE (iterate_until ([&] { return lab_chart_view_get_render_count (view) > renders; }));
  iterate_for (100);
  maybe_save_shot (GTK_WIDGET (view), "chart-dark-zoomed.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  EXPECT_EQ (lab_chart_view_get_theme (view), LAB_THEME_LIGHT);

  /* Data */
  iterate_for (100);
  renders = lab_chart_view_get_render_count (view);
  g_autoptr(LabComparison) other = make_comparison ();
  lab_chart_view_set_comparison (view, other);
  EXPECT_TRUE (iterate_until ([&] { return lab_chart_view_get_render_count (view) > renders; }));
}

TEST_F (ChartViewTest, ZoomActionsChangeTheRangeAndFitRestores)
{
  g_autoptr(LabComparison) comparison = make_comparison ();
  gint64 fit_begin, fit_end, begin, end;

  lab_chart_view_set_comparison (view, comparison);
  show ();

  lab_chart_view_get_view_range (view, &fit_begin, &fit_end);
  EXPECT_EQ (fit_begin, 0);
  EXPECT_GE (fit_end, 6 * kSecond);
  EXPECT_LT (fit_end, 8 * kSecond);
  EXPECT_FALSE (lab_chart_view_get_zoomed (view));

  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (view), "chart.zoom-in", NULL));
  lab_chart_view_get_view_range (view, &begin, &end);
  EXPECT_TRUE (lab_chart_view_get_zoomed (view));
  EXPECT_NEAR ((double) (end - begin), (fit_end - fit_begin) / 1.5, 0.01 * kSecond);
  EXPECT_GE (begin, fit_begin);
  EXPECT_LE (end, fit_end);

  gint64 once = end - begin;
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (view), "chart.zoom-in", NULL));
  lab_chart_view_get_view_range (view, &begin, &end);
  EXPECT_LT (end - begin, once);

  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (view), "chart.zoom-out", NULL));
  lab_chart_view_get_view_range (view, &begin, &end);
  EXPECT_NEAR ((double) (end - begin), (double) once, 0.01 * kSecond);

  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (view), "chart.zoom-fit", NULL));
  lab_chart_view_get_view_range (view, &begin, &end);
  EXPECT_EQ (begin, fit_begin);
  EXPECT_EQ (end, fit_end);
  EXPECT_FALSE (lab_chart_view_get_zoomed (view));

  /* Out of a fitted view there is nothing more to show. */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (view), "chart.zoom-out", NULL));
  lab_chart_view_get_view_range (view, &begin, &end);
  EXPECT_EQ (end - begin, fit_end - fit_begin);
}

TEST_F (ChartViewTest, ZoomKeepsTheTimeUnderThePointer)
{
  g_autoptr(LabComparison) comparison = make_comparison ();
  double width;
  gint64 before, after, begin, end;

  lab_chart_view_set_comparison (view, comparison);
  show ();
  width = gtk_widget_get_width (GTK_WIDGET (view));

  /* Through the function, as Ctrl+scroll and pinch do. */
  ASSERT_TRUE (lab_chart_view_time_at (view, width * 0.7, &before));
  lab_chart_view_zoom (view, 3.0, width * 0.7);
  ASSERT_TRUE (lab_chart_view_time_at (view, width * 0.7, &after));
  EXPECT_NEAR ((double) after, (double) before, 0.01 * kSecond);
  lab_chart_view_get_view_range (view, &begin, &end);
  EXPECT_LT (end - begin, 3 * kSecond);
  EXPECT_LE (begin, before);
  EXPECT_GE (end, before);

  /* Through the actions, with the pointer over the chart. */
  hover (width * 0.4, gtk_widget_get_height (GTK_WIDGET (view)) / 2.0);
  ASSERT_TRUE (lab_chart_view_time_at (view, width * 0.4, &before));
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (view), "chart.zoom-in", NULL));
  ASSERT_TRUE (lab_chart_view_time_at (view, width * 0.4, &after));
  EXPECT_NEAR ((double) after, (double) before, 0.01 * kSecond);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (view), "chart.zoom-out", NULL));
  ASSERT_TRUE (lab_chart_view_time_at (view, width * 0.4, &after));
  EXPECT_NEAR ((double) after, (double) before, 0.01 * kSecond);

  /* Not on the time axis: no time. */
  EXPECT_FALSE (lab_chart_view_time_at (view, 0, &after));
}

TEST_F (ChartViewTest, DescribeAtNamesTaskStateAndTimes)
{
  g_autoptr(LabComparison) comparison = make_comparison ();
  const char *state = lab_state_get_label (LAB_STATE_WAITING_IO);
  gint64 time_ns;
  double x;

  lab_chart_view_set_comparison (view, comparison);
  show ();

  /* Nothing is under the top-left corner. */
  g_autofree char *corner = lab_chart_view_describe_at (view, 0, 0);
  EXPECT_EQ (corner, nullptr);

  /* At 3.5 s of the sequential run, only task 2 (1-based) waits, 3 s to 4 s. */
  x = -1;
  for (int px = 0; px < gtk_widget_get_width (GTK_WIDGET (view)); px++)
    if (lab_chart_view_time_at (view, px, &time_ns) && time_ns >= 3.5 * kSecond)
      {
        x = px;
        break;
      }
  ASSERT_GE (x, 0);
  double y = find_segment_y (x);
  ASSERT_GE (y, 0) << "no segment found at 3.5 s";
  g_autofree char *text = lab_chart_view_describe_at (view, x, y);
  ASSERT_NE (text, nullptr);
  std::string found = text;
  EXPECT_NE (found.find (lab_model_get_name (lab_model_find ("sequential"))), std::string::npos) << found;
  EXPECT_NE (found.find ("2"), std::string::npos) << found;
  EXPECT_NE (found.find (state), std::string::npos) << found;
  EXPECT_NE (found.find ("3.00 s"), std::string::npos) << found;
  EXPECT_NE (found.find ("4.00 s"), std::string::npos) << found;
  EXPECT_NE (found.find ("1.00 s"), std::string::npos) << found;

  hover (x, y);
  iterate_for (100);
  maybe_save_shot (GTK_WIDGET (view), "chart-hover.png");
}

/* The in-flight strip under a panel answers the hover too: at 1.5 s of
 * the event loop's run two waits are open (tasks 1 and 3). */
TEST_F (ChartViewTest, DescribeAtNamesWhatAStripShows)
{
  g_autoptr(LabComparison) comparison = make_comparison ();
  gint64 time_ns;
  double x = -1;

  lab_chart_view_set_comparison (view, comparison);
  show ();
  for (int px = 0; px < gtk_widget_get_width (GTK_WIDGET (view)); px++)
    if (lab_chart_view_time_at (view, px, &time_ns) && time_ns >= 1.5 * kSecond)
      {
        x = px;
        break;
      }
  ASSERT_GE (x, 0);

  std::string found;
  for (int y = gtk_widget_get_height (GTK_WIDGET (view)) - 1; y >= 0 && found.empty (); y--)
    {
      g_autofree char *text = lab_chart_view_describe_at (view, x, y);

      if (text != nullptr && strstr (text, "in flight") != nullptr
          && strstr (text, lab_model_get_name (lab_model_find ("event-loop"))) != nullptr)
        found = text;
    }
  ASSERT_FALSE (found.empty ()) << "no tooltip on the event loop's in-flight strip";
  EXPECT_NE (found.find ("2 in flight, 0 cores busy"), std::string::npos) << found;
}

/* A hand-fed live trace: one segment at a time reaches the screen, then
 * the view stops polling. */
TEST_F (ChartViewTest, LiveComparisonRedrawsAsSegmentsArrive)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) workload = lab_workload_parse ("io 4x1s", &error);
  g_assert_no_error (error);
  g_autoptr(LabComparison) comparison = lab_comparison_new (workload, 2);
  g_autoptr(LabTrace) trace = lab_trace_new ("sequential", workload, 2);
  gint64 t0 = lab_clock_now_ns ();

  lab_trace_set_n_workers (trace, 1);
  lab_trace_begin (trace, t0);
  lab_comparison_add_trace (comparison, trace);
  lab_comparison_set_n_expected (comparison, 1);
  ASSERT_FALSE (lab_comparison_is_finished (comparison));

  lab_chart_view_set_comparison (view, comparison);
  show ();

  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);
  for (guint32 task = 0; task < 4; task++)
    {
      guint renders = lab_chart_view_get_render_count (view);

      lab_trace_writer_add (writer, task, LAB_STATE_WAITING_IO, -1,
                            t0 + task * 10 * LAB_NS_PER_MS, t0 + (task + 1) * 10 * LAB_NS_PER_MS);
      lab_trace_task_done (trace, task);
      EXPECT_TRUE (iterate_until ([&] { return lab_chart_view_get_render_count (view) > renders; }))
        << "segment " << task << " did not reach the screen";
    }

  lab_trace_end (trace, t0 + 40 * LAB_NS_PER_MS);
  ASSERT_TRUE (lab_comparison_is_finished (comparison));
  /* The last frame of the run is drawn, then the view stops polling. */
  iterate_for (200);
  guint renders = lab_chart_view_get_render_count (view);
  iterate_for (400);
  EXPECT_EQ (lab_chart_view_get_render_count (view), renders)
    << "a finished comparison kept being rendered";
  EXPECT_EQ (lab_chart_view_get_n_panels (view), 1u);
}

struct RunWait
{
  LabComparison *result = nullptr;
  GError *error = nullptr;
  bool done = false;
};

void
on_run_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RunWait *wait = static_cast<RunWait *> (user_data);

  wait->result = lab_runner_run_finish (LAB_RUNNER (source), result, &wait->error);
  wait->done = true;
}

/* A really-run comparison: the chart grows while the models run (the
 * follow-the-newest view widening with it), and stops rendering after. */
TEST_F (ChartViewTest, RealRunGrowsLiveThenStops)
{
  g_autoptr(LabRunner) runner = test_runner_new ("io 300,100,200ms", "sequential,event-loop",
                                                 lab_cpu_count ());
  RunWait wait;

  show ();
  guint renders_before = lab_chart_view_get_render_count (view);

  gint64 run_began_us = g_get_monotonic_time ();
  lab_runner_run_async (runner, NULL, on_run_finished_cb, &wait);
  ASSERT_TRUE (iterate_until ([&] { return lab_runner_get_comparison (runner) != nullptr; }));
  lab_chart_view_set_comparison (view, lab_runner_get_comparison (runner));

  /* Sample the fitted range early in the run (the first picture drawn
   * after segments arrived) and at its end. */
  gint64 early_end = 0, late_end = 0;
  guint renders_during = 0, renders_with_data = 0;
  ASSERT_TRUE (iterate_until ([&] {
    LabComparison *running = lab_runner_get_comparison (runner);
    guint renders = lab_chart_view_get_render_count (view);
    gint64 begin, end;

    lab_chart_view_get_view_range (view, &begin, &end);
    if (renders_with_data == 0 && _lab_chart_view_count_segments (running, NULL) > 0)
      renders_with_data = renders;
    else if (renders_with_data > 0 && early_end == 0 && renders > renders_with_data)
      early_end = end;
    if (!wait.done)
      {
        late_end = end;
        renders_during = renders;
      }
    return wait.done;
  }, 20000)) << "the run did not finish";
  double run_s = (g_get_monotonic_time () - run_began_us) / 1e6;
  ASSERT_EQ (wait.error, nullptr) << wait.error->message;
  g_autoptr(LabComparison) result = wait.result;

  EXPECT_GE (renders_during, renders_before + 5) << "the chart did not grow during the run";
  /* Drawn ten times a second while it runs, not at the frame rate: the
   * drawing must leave the cores to the models it measures. */
  EXPECT_LE (renders_during - renders_before, (guint) (run_s * 10) + 3)
    << "rendered " << renders_during - renders_before << " times in " << run_s << " s";
  EXPECT_GT (late_end, early_end) << "the fitted view did not follow the newest time";

  iterate_for (200);
  guint renders_after = lab_chart_view_get_render_count (view);
  iterate_for (400);
  EXPECT_EQ (lab_chart_view_get_render_count (view), renders_after);
  EXPECT_EQ (lab_chart_view_get_n_panels (view), 2u);
}

/* While a run goes on, a zoomed view stays where the user put it. */
TEST_F (ChartViewTest, ZoomedViewDoesNotFollowTheRun)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) workload = lab_workload_parse ("io 4x1s", &error);
  g_assert_no_error (error);
  g_autoptr(LabComparison) comparison = lab_comparison_new (workload, 2);
  g_autoptr(LabTrace) trace = lab_trace_new ("sequential", workload, 2);
  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);
  /* Recorded in the past, as a run's segments always are. */
  gint64 t0 = lab_clock_now_ns () - 4 * kSecond;
  gint64 begin, end, zoomed_begin, zoomed_end, fit_end;

  lab_trace_set_n_workers (trace, 1);
  lab_trace_begin (trace, t0);
  lab_trace_writer_add (writer, 0, LAB_STATE_WAITING_IO, -1, t0, t0 + kSecond);
  lab_comparison_add_trace (comparison, trace);
  lab_comparison_set_n_expected (comparison, 1);
  lab_chart_view_set_comparison (view, comparison);
  show ();

  lab_chart_view_zoom (view, 4.0, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0);
  lab_chart_view_get_view_range (view, &zoomed_begin, &zoomed_end);
  ASSERT_TRUE (lab_chart_view_get_zoomed (view));

  lab_trace_writer_add (writer, 1, LAB_STATE_WAITING_IO, -1, t0 + kSecond, t0 + 3 * kSecond);
  iterate_for (300);
  lab_chart_view_get_view_range (view, &begin, &end);
  EXPECT_EQ (begin, zoomed_begin);
  EXPECT_EQ (end, zoomed_end);

  /* Back to fit: the view follows again, up to the newest time. */
  lab_chart_view_zoom_fit (view);
  iterate_for (200);
  lab_chart_view_get_view_range (view, &begin, &fit_end);
  EXPECT_GE (fit_end, 3 * kSecond);
  lab_trace_end (trace, t0 + 3 * kSecond);
}

TEST_F (ChartViewTest, PreviousResultStaysUntilTheNewRunHasData)
{
  g_autoptr(LabComparison) first = make_comparison ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) workload = lab_workload_parse ("io 1s", &error);
  g_assert_no_error (error);
  g_autoptr(LabComparison) second = lab_comparison_new (workload, 2);
  g_autoptr(LabTrace) trace = lab_trace_new ("threads", workload, 2);
  gint64 t0 = lab_clock_now_ns ();

  lab_chart_view_set_comparison (view, first);
  show ();

  lab_trace_begin (trace, t0);
  lab_comparison_add_trace (second, trace);
  lab_chart_view_set_comparison (view, second);
  EXPECT_EQ (lab_chart_view_get_previous (view), first);
  EXPECT_EQ (lab_chart_view_get_shown_comparison (view), first);
  EXPECT_EQ (lab_chart_view_get_n_panels (view), 2u);
  iterate_for (100);
  maybe_save_shot (GTK_WIDGET (view), "chart-previous-faded.png");

  lab_trace_writer_add (lab_trace_get_writer (trace, 0), 0, LAB_STATE_WAITING_IO, -1,
                        t0, t0 + LAB_NS_PER_MS);
  EXPECT_TRUE (iterate_until ([&] { return lab_chart_view_get_previous (view) == NULL; }));
  EXPECT_EQ (lab_chart_view_get_shown_comparison (view), second);
  EXPECT_EQ (lab_chart_view_get_n_panels (view), 1u);
  lab_trace_end (trace, t0 + LAB_NS_PER_MS);
}

} // namespace
