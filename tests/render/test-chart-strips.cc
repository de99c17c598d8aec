// SPDX-License-Identifier: GPL-3.0-or-later
// The strips under the panels: the GIL holder lane, the loop's lag and
// ready queue, and in flight against busy, drawn where the hit test says.
#include "render-test-helpers.h"

using namespace render_test;

namespace {

/* threads-gil: task 1 (worker 0) holds the lock for 500 ms while task 2
 * waits for it and asks at 400 ms; then task 2 (worker 1) holds it. */
LabTrace *
make_gil (LabWorkload *w)
{
  LabTrace *t = lab_trace_new ("threads-gil", w, 2);
  LabTraceWriter *w0 = lab_trace_get_writer (t, 0);
  LabTraceWriter *w1 = lab_trace_get_writer (t, 1);

  lab_trace_set_n_workers (t, 2);
  lab_trace_begin (t, T0);
  lab_trace_writer_add (w0, 0, LAB_STATE_RUNNING, 0, T0, T0 + 500 * MS);
  lab_trace_writer_add (w1, 1, LAB_STATE_WAITING_LOCK, -1, T0, T0 + 500 * MS);
  lab_trace_writer_add (w1, 1, LAB_STATE_RUNNING, 1, T0 + 500 * MS, T0 + 1000 * MS);
  lab_trace_lock_take (t, T0, 0, 0);
  lab_trace_lock_request (t, T0 + 400 * MS, 1);
  lab_trace_lock_take (t, T0 + 500 * MS, 1, 1);
  lab_trace_lock_drop (t, T0 + 1000 * MS);
  for (guint k = 0; k < 2; k++)
    lab_trace_task_done (t, k);
  lab_trace_end (t, T0 + 1000 * MS);
  return t;
}

/* event-loop: task 1 computes from 100 to 400 ms inside the loop; task 2's
 * wait was due at 100 ms and ran at 400 ms: 300 ms late. */
LabTrace *
make_loop (LabWorkload *w)
{
  LabTrace *t = lab_trace_new ("event-loop", w, 2);
  LabTraceWriter *w0 = lab_trace_get_writer (t, 0);

  lab_trace_set_n_workers (t, 1);
  lab_trace_begin (t, T0);
  lab_trace_writer_add (w0, 1, LAB_STATE_WAITING_IO, -1, T0, T0 + 100 * MS);
  lab_trace_writer_add (w0, 0, LAB_STATE_RUNNING, 0, T0 + 100 * MS, T0 + 400 * MS);
  lab_trace_writer_add (w0, 1, LAB_STATE_READY, -1, T0 + 100 * MS, T0 + 400 * MS);
  lab_trace_loop_observe (t, T0 + 100 * MS, 0, 1);
  lab_trace_loop_observe (t, T0 + 400 * MS, 300 * MS, 1);
  lab_trace_loop_add_block (t, 0, T0 + 100 * MS, T0 + 400 * MS);
  for (guint k = 0; k < 2; k++)
    lab_trace_task_done (t, k);
  lab_trace_end (t, T0 + 1000 * MS);
  return t;
}

LabComparison *
make_strips (void)
{
  LabWorkload *w = parse ("cpu 2x500ms");
  LabComparison *c = lab_comparison_new (w, 2);
  LabTrace *gil = make_gil (w);
  LabTrace *loop = make_loop (w);

  lab_comparison_add_trace (c, gil);
  lab_comparison_add_trace (c, loop);
  lab_trace_unref (gil);
  lab_trace_unref (loop);
  lab_workload_unref (w);
  return c;
}

/* Scans down at @x for panel @panel's strip @lane. */
bool
find_strip (LabComparison *c, const LabChartOptions *o, guint panel, LabChartLane lane, double x,
            LabChartHit *hit)
{
  for (double y = 0; y < o->height; y += 1)
    if (lab_chart_hit_test (c, o, x, y, hit) && hit->panel == panel && hit->lane == lane)
      return true;
  return false;
}

double
x_at (LabComparison *c, const LabChartOptions *o, guint panel, gint64 t)
{
  LabChartAxis axis;
  EXPECT_TRUE (lab_chart_get_axis (c, o, panel, FALSE, &axis));
  return axis.plot_x + (double) (t - axis.begin_ns) * axis.plot_width
                       / (double) (axis.end_ns - axis.begin_ns);
}

}  // namespace

class StripsTest : public ::testing::TestWithParam<LabTheme>
{
};

TEST_P (StripsTest, GilLaneShowsTheHolderInItsTaskColour)
{
  LabComparison *c = make_strips ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);
  o.theme = GetParam ();
  cairo_surface_t *s = render (c, &o);
  LabChartHit hit;

  for (guint task = 0; task < 2; task++)
    {
      double x = x_at (c, &o, 0, (250 + 500 * task) * MS);
      ASSERT_TRUE (find_strip (c, &o, 0, LAB_CHART_LANE_GIL, x, &hit)) << "no GIL lane";
      ASSERT_TRUE (hit.has_strip);
      EXPECT_EQ (hit.hold.task, task);
      EXPECT_EQ (hit.hold.worker, task);
      Rgba p = pixel (s, (int) x, (int) (hit.y + hit.height * 0.75));
      EXPECT_TRUE (near (p, lab_palette_series_color (o.theme, task), 4))
          << "task " << task << ": " << describe (p);
      char *text = lab_chart_describe_strip (&hit, T0);
      ASSERT_NE (text, nullptr);
      std::string expect = "for task " + std::to_string (task + 1);
      EXPECT_NE (std::string (text).find (expect), std::string::npos) << text;
      g_free (text);
    }
  // No GIL lane on the event loop's panel.
  EXPECT_FALSE (find_strip (c, &o, 1, LAB_CHART_LANE_GIL, x_at (c, &o, 1, 250 * MS), &hit));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

TEST_P (StripsTest, LagCurveRisesToTheLatenessAndTheBlockIsNamed)
{
  LabComparison *c = make_strips ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);
  o.theme = GetParam ();
  cairo_surface_t *s = render (c, &o);
  LabChartHit hit;

  // Just before 400 ms the sawtooth is near its top (300 ms of 500 ms).
  double x = x_at (c, &o, 1, 395 * MS);
  ASSERT_TRUE (find_strip (c, &o, 1, LAB_CHART_LANE_LOOP, x, &hit)) << "no loop strip";
  ASSERT_TRUE (hit.has_strip);
  EXPECT_NEAR ((double) hit.lag_ns, 295.0 * MS, 10.0 * MS);
  ASSERT_TRUE (hit.has_block);
  EXPECT_EQ (hit.block.task, 0u);

  double base = hit.y + hit.height - 1, h = hit.height - 3;
  double curve_y = base - (double) hit.lag_ns / (500.0 * MS) * h;
  Rgba below = pixel (s, (int) x, (int) (curve_y + 4));
  Rgba above = pixel (s, (int) x, (int) (curve_y - 6));
  // under the curve: the lag's orange, translucent; above it: not
  EXPECT_GT (below.r - below.b, 60) << describe (below);
  EXPECT_LT (above.r - above.b, (below.r - below.b) / 2) << describe (above);

  char *text = lab_chart_describe_strip (&hit, T0);
  ASSERT_NE (text, nullptr);
  EXPECT_NE (std::string (text).find ("Task 1 blocked the loop"), std::string::npos) << text;
  g_free (text);

  // After the block the lag is gone.
  ASSERT_TRUE (find_strip (c, &o, 1, LAB_CHART_LANE_LOOP, x_at (c, &o, 1, 700 * MS), &hit));
  EXPECT_EQ (hit.lag_ns, 0);
  EXPECT_FALSE (hit.has_block);
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

TEST_P (StripsTest, FlightStripShowsBusyCoresAndTasksInFlight)
{
  LabComparison *c = make_strips ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);
  o.theme = GetParam ();
  cairo_surface_t *s = render (c, &o);
  LabChartHit hit;

  double x = x_at (c, &o, 0, 250 * MS);
  ASSERT_TRUE (find_strip (c, &o, 0, LAB_CHART_LANE_FLIGHT, x, &hit)) << "no flight strip";
  ASSERT_TRUE (hit.has_strip);
  EXPECT_EQ (hit.in_flight, 2u) << "the waiting task is in flight too";
  EXPECT_EQ (hit.busy, 1u) << "only the holder computes";

  // Busy cores are a filled area at the bottom, in the running colour's hue.
  LabColor running = lab_palette_get (o.theme)->states[LAB_STATE_RUNNING];
  Rgba p = pixel (s, (int) x, (int) (hit.y + hit.height - 4));
  EXPECT_GT (p.b - p.r, (int) ((running.b - running.r) * 255 * 0.3)) << describe (p);
  // ... up to half of a 2-core scale, and nothing of it near the top.
  Rgba top = pixel (s, (int) x, (int) (hit.y + hit.height * 0.2));
  EXPECT_LT (top.b - top.r, p.b - p.r) << describe (top);

  char *text = lab_chart_describe_strip (&hit, T0);
  ASSERT_NE (text, nullptr);
  EXPECT_NE (std::string (text).find ("2 in flight, 1 cores busy"), std::string::npos) << text;
  g_free (text);
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

INSTANTIATE_TEST_SUITE_P (Themes, StripsTest, ::testing::Values (LAB_THEME_LIGHT, LAB_THEME_DARK));

TEST (Strips, DropBeforeTheTaskLanesGroup)
{
  LabWorkload *w = parse ("cpu 2x500ms");
  LabComparison *c = lab_comparison_new (w, 2);

  for (guint i = 0; i < 6; i++)
    {
      LabTrace *t = i % 2 == 0 ? make_gil (w) : make_loop (w);
      lab_comparison_add_trace (c, t);
      lab_trace_unref (t);
    }
  LabChartOptions o;
  lab_chart_options_init (&o, 640, 400);
  o.show_comparison = FALSE;
  cairo_surface_t *s = render (c, &o);
  LabChartHit hit;
  guint with_flight = 0;

  // Six panels in a small window: every panel keeps a lane per task...
  for (guint panel = 0; panel < 6; panel++)
    {
      double x = x_at (c, &o, panel, 250 * MS);
      for (guint task = 0; task < 2; task++)
        {
          ASSERT_TRUE (find_task_lane (c, &o, panel, task, x, &hit)) << panel << " " << task;
          EXPECT_EQ (hit.task_first, hit.task_last) << "tasks grouped in panel " << panel;
        }
      with_flight += find_strip (c, &o, panel, LAB_CHART_LANE_FLIGHT, x, &hit);
    }
  // ... and the least needed strip went first.
  EXPECT_EQ (with_flight, 0u);

  // Given room, they come back.
  lab_chart_options_init (&o, 1920, 2400);
  EXPECT_TRUE (find_strip (c, &o, 5, LAB_CHART_LANE_FLIGHT, x_at (c, &o, 5, 250 * MS), &hit));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

TEST (Strips, TracesWithoutRecordsShowNoGilOrLoopStrip)
{
  LabComparison *c = make_classic ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);
  LabChartHit hit;

  for (guint panel = 0; panel < lab_comparison_get_n_traces (c); panel++)
    {
      double x = x_at (c, &o, panel, 500 * MS);
      EXPECT_FALSE (find_strip (c, &o, panel, LAB_CHART_LANE_GIL, x, &hit));
      EXPECT_FALSE (find_strip (c, &o, panel, LAB_CHART_LANE_LOOP, x, &hit));
      EXPECT_TRUE (find_strip (c, &o, panel, LAB_CHART_LANE_FLIGHT, x, &hit));
    }
  lab_comparison_unref (c);
}

TEST (Strips, ReplayDrawsThemOnlyUpToThePlayhead)
{
  LabComparison *c = make_strips ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);
  LabChartHit hit;

  // Found in the full picture: the geometry does not change in a replay.
  double early = x_at (c, &o, 0, 250 * MS), late = x_at (c, &o, 0, 750 * MS);
  ASSERT_TRUE (find_strip (c, &o, 0, LAB_CHART_LANE_GIL, late, &hit));
  int y = (int) (hit.y + hit.height * 0.75);
  o.replaying = TRUE;
  o.replay_ns = 400 * MS;
  cairo_surface_t *s = render (c, &o);

  EXPECT_TRUE (near (pixel (s, (int) early, y), lab_palette_series_color (o.theme, 0), 4))
      << describe (pixel (s, (int) early, y));
  EXPECT_FALSE (near (pixel (s, (int) late, y), lab_palette_series_color (o.theme, 1), 30))
      << "task 2's hold comes after the playhead: " << describe (pixel (s, (int) late, y));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}
