// SPDX-License-Identifier: GPL-3.0-or-later
// The strips under the panels: the GIL holder lane, the loop's lag and
// ready queue, and in flight against busy, drawn where the hit test says.
#include "render-test-helpers.h"

extern "C" {
#include "lab-model.h"
}

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

/* The lag written in a loop tooltip, "… loop lag 295 ms, …", in ns. */
double
lag_of (const std::string &text)
{
  std::string::size_type at = text.find ("loop lag ");
  double value = 0;
  char unit[8] = "";

  if (at == std::string::npos || sscanf (text.c_str () + at + 9, "%lf %7s", &value, unit) != 2)
    return -1;
  if (g_str_has_prefix (unit, "ms"))
    return value * MS;
  if (g_str_has_prefix (unit, "s"))
    return value * S;
  return value;
}

}  // namespace

class StripsTest : public ::testing::TestWithParam<LabTheme>
{
};

TEST_P (StripsTest, GilLaneShowsTheHolderInItsIdentityShade)
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
      ASSERT_TRUE (find_layer (c, &o, 0, "gil", x, &hit)) << "no GIL lane";
      ASSERT_TRUE (hit.has_segment);
      EXPECT_EQ (hit.segment.task, task);
      EXPECT_EQ (hit.segment.worker, task);
      EXPECT_EQ (hit.segment.begin_ns, T0 + 500 * MS * task) << "the whole hold";
      EXPECT_EQ (hit.segment.end_ns, T0 + 500 * MS * (task + 1));
      Rgba p = pixel (s, (int) x, (int) (hit.y + hit.height * 0.8));
      EXPECT_TRUE (near (p, lab_palette_get_identity (lab_palette_get (o.theme), task), 4))
          << "task " << task << ": " << describe (p);
      std::string text = describe_hit (c, &o, &hit);
      std::string expect = "for task " + std::to_string (task + 1);
      EXPECT_NE (text.find (expect), std::string::npos) << text;
      const char *name = lab_model_get_name (lab_model_find ("threads-gil"));
      EXPECT_TRUE (g_str_has_prefix (text.c_str (), name)) << "led by the model's name: " << text;
    }
  // No GIL lane on the event loop's panel.
  EXPECT_FALSE (find_layer (c, &o, 1, "gil", x_at (c, &o, 1, 250 * MS), &hit));
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

  // Just before 400 ms the sawtooth is near its top (300 ms, drawn on a
  // scale of 1.3 times the peak).
  double x = x_at (c, &o, 1, 395 * MS);
  ASSERT_TRUE (find_layer (c, &o, 1, "loop", x, &hit)) << "no loop strip";
  ASSERT_TRUE (hit.has_item);
  std::string text = describe_hit (c, &o, &hit);
  double lag = lag_of (text);
  EXPECT_NEAR (lag, 295.0 * MS, 10.0 * MS) << text;

  double base = hit.y + hit.height - 1, h = hit.height - 3;
  double curve_y = base - lag / (1.3 * 300.0 * MS) * h;
  Rgba below = pixel (s, (int) x, (int) (curve_y + 4));
  Rgba above = pixel (s, (int) x, (int) (curve_y - 6));
  // under the curve: the lag's orange, translucent; above it: not
  EXPECT_GT (below.r - below.b, 60) << describe (below);
  EXPECT_LT (above.r - above.b, (below.r - below.b) / 2) << describe (above);

  EXPECT_NE (text.find ("Task 1 blocked the loop"), std::string::npos) << text;

  // After the block the lag is gone.
  ASSERT_TRUE (find_layer (c, &o, 1, "loop", x_at (c, &o, 1, 700 * MS), &hit));
  text = describe_hit (c, &o, &hit);
  EXPECT_EQ (lag_of (text), 0) << text;
  EXPECT_EQ (text.find ("blocked"), std::string::npos) << text;
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
  ASSERT_TRUE (find_layer (c, &o, 0, "flight", x, &hit)) << "no flight strip";
  ASSERT_TRUE (hit.has_item);

  // Busy cores are a filled area at the bottom, in the running colour's hue.
  LabColor running = lab_palette_get (o.theme)->states[LAB_STATE_RUNNING];
  Rgba p = pixel (s, (int) x, (int) (hit.y + hit.height - 4));
  EXPECT_GT (p.b - p.r, (int) ((running.b - running.r) * 255 * 0.3)) << describe (p);
  // ... up to half of a 2-core scale, and nothing of it near the top.
  Rgba top = pixel (s, (int) x, (int) (hit.y + hit.height * 0.2));
  EXPECT_LT (top.b - top.r, p.b - p.r) << describe (top);

  // the waiting task is in flight too; only the holder computes
  std::string text = describe_hit (c, &o, &hit);
  EXPECT_NE (text.find ("2 in flight, 1 cores busy"), std::string::npos) << text;
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
          EXPECT_EQ (hit.first, hit.last) << "tasks grouped in panel " << panel;
        }
      with_flight += find_layer (c, &o, panel, "flight", x, &hit);
    }
  // ... and the least needed strip went first.
  EXPECT_EQ (with_flight, 0u);

  // Given room, they come back.
  lab_chart_options_init (&o, 1920, 2400);
  EXPECT_TRUE (find_layer (c, &o, 5, "flight", x_at (c, &o, 5, 250 * MS), &hit));
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
      EXPECT_FALSE (find_layer (c, &o, panel, "gil", x, &hit));
      EXPECT_FALSE (find_layer (c, &o, panel, "loop", x, &hit));
      EXPECT_TRUE (find_layer (c, &o, panel, "flight", x, &hit));
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
  ASSERT_TRUE (find_layer (c, &o, 0, "gil", late, &hit));
  int y = (int) (hit.y + hit.height * 0.8);
  o.replaying = TRUE;
  o.replay_ns = 400 * MS;
  cairo_surface_t *s = render (c, &o);

  const LabPalette *palette = lab_palette_get (o.theme);
  EXPECT_TRUE (near (pixel (s, (int) early, y), lab_palette_get_identity (palette, 0), 4))
      << describe (pixel (s, (int) early, y));
  EXPECT_FALSE (near (pixel (s, (int) late, y), lab_palette_get_identity (palette, 1), 30))
      << "task 2's hold comes after the playhead: " << describe (pixel (s, (int) late, y));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}
