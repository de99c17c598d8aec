// SPDX-License-Identifier: GPL-3.0-or-later
#include "render-test-helpers.h"

extern "C" {
#include "lab-chart-private.h"
#include "lab-trace-json.h"
}

using namespace render_test;

namespace {

LabChartOptions
options (double w, double h, LabTheme theme = LAB_THEME_LIGHT)
{
  LabChartOptions o;
  lab_chart_options_init (&o, w, h);
  o.theme = theme;
  return o;
}

/* The centre of what the hit test says is drawn at time @t_ns of task
 * @task's lane in @panel. */
bool
segment_centre (LabComparison *c, const LabChartOptions *o, guint panel, guint task,
                gint64 t_ns, LabChartHit *hit, int *x, int *y)
{
  LabChartAxis axis;
  if (!lab_chart_get_axis (c, o, panel, FALSE, &axis))
    return false;
  double px = axis.plot_x + (double) (t_ns - axis.begin_ns) / (axis.end_ns - axis.begin_ns)
                            * axis.plot_width;
  if (!find_task_lane (c, o, panel, task, px, hit) || !hit->has_segment)
    return false;
  *x = (int) (hit->x + hit->width / 2);
  *y = (int) (hit->y + hit->height / 2);
  return true;
}

TEST (Chart, SegmentHasItsStateColourWhereTheHitTestSaysItIs)
{
  LabComparison *c = make_classic ();
  for (LabTheme theme : { LAB_THEME_LIGHT, LAB_THEME_DARK })
    {
      LabChartOptions o = options (1280, 720, theme);
      const LabPalette *palette = lab_palette_get (theme);
      cairo_surface_t *s = render (c, &o);
      LabChartHit hit;
      int x, y;

      /* sequential, task 2 (index 1): queued 0–3 s, waiting 3–4 s */
      ASSERT_TRUE (segment_centre (c, &o, 0, 1, 3500 * MS, &hit, &x, &y));
      EXPECT_EQ (hit.segment.state, LAB_STATE_WAITING_IO);
      EXPECT_EQ (hit.segment.task, 1u);
      EXPECT_EQ (hit.segment.begin_ns, T0 + 3 * S);
      EXPECT_TRUE (near (pixel (s, x, y), palette->states[LAB_STATE_WAITING_IO]))
        << describe (pixel (s, x, y));

      ASSERT_TRUE (segment_centre (c, &o, 0, 1, 1 * S, &hit, &x, &y));
      EXPECT_EQ (hit.segment.state, LAB_STATE_QUEUED);
      EXPECT_TRUE (near (pixel (s, x, y), palette->states[LAB_STATE_QUEUED]))
        << describe (pixel (s, x, y));

      /* event loop, task 2: ready from 1 s to 1.2 s */
      ASSERT_TRUE (segment_centre (c, &o, 1, 1, 1100 * MS, &hit, &x, &y));
      EXPECT_EQ (hit.segment.state, LAB_STATE_READY);
      EXPECT_TRUE (near (pixel (s, x, y), palette->states[LAB_STATE_READY]))
        << describe (pixel (s, x, y));
      cairo_surface_destroy (s);
    }
  lab_comparison_unref (c);
}

TEST (Chart, SharedAxisShowsTheLongerRunAndPanelsStartAtZero)
{
  LabComparison *c = make_classic ();
  LabChartOptions o = options (1920, 1080);
  LabChartAxis a0, a1;

  ASSERT_TRUE (lab_chart_get_axis (c, &o, 0, TRUE, &a0));
  ASSERT_TRUE (lab_chart_get_axis (c, &o, 1, TRUE, &a1));
  EXPECT_EQ (a0.begin_ns, 0);
  EXPECT_EQ (a0.end_ns, 6 * S);
  EXPECT_EQ (a1.end_ns, 6 * S) << "one time axis: the 3 s run is half as long";
  EXPECT_FALSE (lab_chart_get_axis (c, &o, 2, TRUE, &a1));

  o.own_scale = TRUE;
  ASSERT_TRUE (lab_chart_get_axis (c, &o, 1, TRUE, &a1));
  EXPECT_EQ (a1.end_ns, 3 * S);

  o.own_scale = FALSE;
  o.view_begin_ns = 1 * S;
  o.view_end_ns = 2 * S;
  ASSERT_TRUE (lab_chart_get_axis (c, &o, 0, FALSE, &a0));
  EXPECT_EQ (a0.begin_ns, 1 * S);
  EXPECT_EQ (a0.end_ns, 2 * S);
  ASSERT_TRUE (lab_chart_get_axis (c, &o, 0, TRUE, &a0));
  EXPECT_EQ (a0.end_ns, 6 * S) << "fit ignores the view";
  EXPECT_GT (a0.plot_width, 1000);
  EXPECT_LE (a0.plot_x + a0.plot_width, o.width);
  lab_comparison_unref (c);
}

TEST (Chart, ZoomedSegmentsStayInThePlotArea)
{
  LabComparison *c = make_classic ();
  LabChartOptions o = options (1280, 720);
  o.view_begin_ns = 3200 * MS;
  o.view_end_ns = 3800 * MS;
  cairo_surface_t *s = render (c, &o);
  LabChartHit hit;
  int x, y;

  /* sequential task 1 waits 0–3 s: outside the view, so left of the plot
   * nothing of its colour */
  ASSERT_TRUE (segment_centre (c, &o, 0, 1, 3500 * MS, &hit, &x, &y));
  LabChartAxis axis;
  ASSERT_TRUE (lab_chart_get_axis (c, &o, 0, FALSE, &axis));
  EXPECT_NEAR (hit.x, axis.plot_x, 1.0) << "clipped at the plot's left edge";
  EXPECT_NEAR (hit.x + hit.width, axis.plot_x + axis.plot_width, 1.0);
  const LabPalette *palette = lab_palette_get (LAB_THEME_LIGHT);
  EXPECT_FALSE (near (pixel (s, (int) axis.plot_x - 2, y), palette->states[LAB_STATE_WAITING_IO], 0));
  EXPECT_TRUE (near (pixel (s, (int) axis.plot_x + 2, y), palette->states[LAB_STATE_WAITING_IO]));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

TEST (Chart, BackgroundFollowsTheTheme)
{
  LabComparison *c = make_classic ();
  for (LabTheme theme : { LAB_THEME_LIGHT, LAB_THEME_DARK })
    {
      LabChartOptions o = options (800, 600, theme);
      cairo_surface_t *s = render (c, &o);
      Rgba corner = pixel (s, 1, (int) o.height - 2);
      EXPECT_TRUE (near (corner, lab_palette_get (theme)->background, 0)) << describe (corner);
      EXPECT_EQ (corner.a, 255);
      cairo_surface_destroy (s);
    }
  lab_comparison_unref (c);
}

TEST (Chart, TransparentBackgroundStaysTransparent)
{
  LabComparison *c = make_classic ();
  LabChartOptions o = options (800, 600);
  o.transparent = TRUE;
  cairo_surface_t *s = render (c, &o);

  EXPECT_EQ (pixel (s, 1, (int) o.height - 2).a, 0);
  EXPECT_EQ (pixel (s, (int) o.width - 2, (int) o.height - 2).a, 0);
  LabChartHit hit;
  int x, y;
  ASSERT_TRUE (segment_centre (c, &o, 0, 0, 1 * S, &hit, &x, &y));
  EXPECT_EQ (pixel (s, x, y).a, 255);
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

TEST (Chart, LegendShowsTheStatesThatOccur)
{
  LabComparison *c = make_classic ();
  for (double w : { 1920.0, 800.0 })
    {
      LabChartOptions o = options (w, w * 9 / 16);
      g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
      cairo_surface_t *s = render (c, &o);
      const LabPalette *palette = layout->palette;
      bool seen[LAB_N_STATES] = {};
      int y0 = (int) layout->legend_y;
      int y1 = (int) (layout->legend_y + layout->legend_rows * layout->legend_row_h);

      ASSERT_GT (y1, y0);
      for (int y = y0; y < y1; y++)
        for (int x = 0; x < (int) o.width; x++)
          for (guint st = 0; st < LAB_N_STATES; st++)
            if (near (pixel (s, x, y), palette->states[st], 0))
              seen[st] = true;
      EXPECT_TRUE (seen[LAB_STATE_WAITING_IO]);
      EXPECT_TRUE (seen[LAB_STATE_QUEUED]);
      EXPECT_TRUE (seen[LAB_STATE_READY]);
      EXPECT_TRUE (seen[LAB_STATE_RUNNING]);
      EXPECT_FALSE (seen[LAB_STATE_WAITING_LOCK]) << "no GIL in these runs";
      EXPECT_FALSE (seen[LAB_STATE_SPAWNING]);
      cairo_surface_destroy (s);
    }
  lab_comparison_unref (c);
}

TEST (Chart, NothingIsDrawnOutsideTheBounds)
{
  LabComparison *c = make_classic ();
  const int margin = 50;
  for (double size : { 800.0, 300.0, 120.0 })
    {
      LabChartOptions o = options (size, size * 0.75, LAB_THEME_DARK);
      int w = (int) o.width + 2 * margin, h = (int) o.height + 2 * margin;
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_t *cr = cairo_create (s);
      cairo_translate (cr, margin, margin);
      lab_chart_draw (cr, c, &o);
      cairo_destroy (cr);
      cairo_surface_flush (s);

      int outside = 0;
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            bool inside = x >= margin && x < margin + o.width && y >= margin
                          && y < margin + o.height;
            if (!inside && pixel (s, x, y).a != 0)
              outside++;
          }
      EXPECT_EQ (outside, 0) << "at " << size;
      cairo_surface_destroy (s);
    }
  lab_comparison_unref (c);
}

TEST (Chart, LayoutFitsInsideAndTextIsLargeEnough)
{
  LabComparison *c = make_classic ();
  for (auto size : { std::pair (1920.0, 1080.0), std::pair (1280.0, 720.0),
                     std::pair (800.0, 600.0) })
    {
      LabChartOptions o = options (size.first, size.second);
      g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);

      if (size.first >= 1920)
        {
          EXPECT_GE (layout->small_px, 14.0) << "no text under 14 px on a 1080p slide";
        }
      for (guint i = 0; i < layout->n_panels; i++)
        {
          const LabChartPanel *p = &layout->panels[i];
          ASSERT_TRUE (p->drawn);
          EXPECT_GE (p->y, 0);
          EXPECT_LE (p->y + p->height, o.height);
          EXPECT_GE (p->task_h, layout->lane_min);
        }
      EXPECT_LE (layout->bars_y + (layout->n_panels + 1) * layout->bars_row_h, o.height);
      EXPECT_LE (layout->plot_x + layout->plot_w, o.width);
    }
  lab_comparison_unref (c);
}

TEST (Chart, SameTraceAfterJsonGivesTheSamePixels)
{
  LabComparison *c = make_classic ();
  gsize length = 0;
  g_autofree char *json = lab_trace_json_to_string (c, &length);
  GError *error = nullptr;
  LabComparison *loaded = lab_trace_json_from_string (json, (gssize) length, &error);
  ASSERT_NE (loaded, nullptr) << error->message;

  LabChartOptions o = options (1280, 720);
  cairo_surface_t *a = render (c, &o);
  cairo_surface_t *b = render (loaded, &o);
  int size = cairo_image_surface_get_stride (a) * (int) o.height;
  EXPECT_EQ (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b), size), 0);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  lab_comparison_unref (loaded);
  lab_comparison_unref (c);
}

TEST (Chart, FailedTaskIsMarkedAndCoreLaneShowsWhatRan)
{
  LabComparison *c = make_classic ();
  LabChartOptions o = options (1920, 1080);
  LabChartAxis axis;
  LabChartHit hit;
  bool found_core = false;

  ASSERT_TRUE (lab_chart_get_axis (c, &o, 0, FALSE, &axis));
  double x = axis.plot_x + 4250.0 / 6000 * axis.plot_width;
  for (double y = 0; y < o.height && !found_core; y++)
    if (lab_chart_hit_test (c, &o, x, y, &hit) && g_strcmp0 (hit.layer, "cores") == 0
        && hit.first == 1 && hit.has_segment)
      found_core = true;
  ASSERT_TRUE (found_core);
  EXPECT_EQ (hit.segment.task, 2u);
  EXPECT_EQ (hit.segment.state, LAB_STATE_RUNNING);

  /* The failed task's label is in the failure colour. */
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  const LabChartPanel *p = &layout->panels[1];
  cairo_surface_t *s = render (c, &o);
  int failed = 0, others = 0;
  for (int y = (int) p->task_y; y < (int) (p->task_y + p->task_h * 3); y++)
    for (int px = 0; px < (int) layout->plot_x; px++)
      if (near (pixel (s, px, y), layout->palette->failed, 20))
        (y < p->task_y + p->task_h || y >= p->task_y + 2 * p->task_h ? others : failed)++;
  EXPECT_GT (failed, 10);
  EXPECT_EQ (others, 0);
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

TEST (Chart, LiveTraceIsDrawnUpToNow)
{
  LabComparison *c = make_classic ();
  LabWorkload *w = lab_comparison_get_workload (c);
  LabTrace *live = lab_trace_new ("threads", w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (live, 0);
  gint64 t0 = T0 + 20 * S;

  lab_trace_begin (live, t0);
  lab_trace_writer_add (writer, 0, LAB_STATE_WAITING_IO, -1, t0, t0 + 2 * S);
  lab_comparison_add_trace (c, live);

  LabChartOptions o = options (1280, 720);
  o.now_ns = t0 + 1 * S;
  cairo_surface_t *s = render (c, &o);
  LabChartHit hit;
  int x, y;
  ASSERT_TRUE (segment_centre (c, &o, 2, 0, 500 * MS, &hit, &x, &y));
  LabChartAxis axis;
  ASSERT_TRUE (lab_chart_get_axis (c, &o, 2, FALSE, &axis));
  double now_x = axis.plot_x + 1.0 / 6 * axis.plot_width;
  EXPECT_NEAR (hit.x + hit.width, now_x, 1.0) << "the wait is cut at now";
  const LabPalette *palette = lab_palette_get (LAB_THEME_LIGHT);
  EXPECT_TRUE (near (pixel (s, (int) now_x - 5, y), palette->states[LAB_STATE_WAITING_IO]));
  EXPECT_FALSE (near (pixel (s, (int) now_x + 5, y), palette->states[LAB_STATE_WAITING_IO], 10));
  cairo_surface_destroy (s);
  lab_trace_unref (live);
  lab_comparison_unref (c);
}

TEST (Chart, FadeDrawsTheSamePictureFainter)
{
  LabComparison *c = make_classic ();
  LabChartOptions o = options (800, 600);
  LabChartHit hit;
  int x, y;
  ASSERT_TRUE (segment_centre (c, &o, 0, 0, 1 * S, &hit, &x, &y));
  cairo_surface_t *normal = render (c, &o);
  o.fade = 1.0;
  cairo_surface_t *faded = render (c, &o);
  Rgba a = pixel (normal, x, y), b = pixel (faded, x, y);
  /* on white, fainter means lighter */
  EXPECT_GT (b.r + b.g + b.b, a.r + a.g + a.b);
  EXPECT_TRUE (near (pixel (faded, 1, (int) o.height - 2), lab_palette_get (LAB_THEME_LIGHT)->background, 0));
  cairo_surface_destroy (normal);
  cairo_surface_destroy (faded);
  lab_comparison_unref (c);
}

TEST (Chart, FailedModelShowsItsError)
{
  LabWorkload *w = parse ("io 3,1,2s");
  LabComparison *c = lab_comparison_new (w, 2);
  LabTrace *broken = lab_trace_new ("processes", w, 2);
  lab_trace_set_error (broken, "The worker program is missing");
  lab_comparison_add_trace (c, broken);
  LabChartOptions o = options (800, 600);
  LabChartHit hit;

  cairo_surface_t *s = render (c, &o);
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  double y = layout->panels[0].y + layout->panels[0].height / 2;
  ASSERT_TRUE (lab_chart_panel_at (c, &o, y, nullptr));
  ASSERT_TRUE (lab_chart_hit_test (c, &o, 400, y, &hit));
  EXPECT_EQ (hit.layer, nullptr);
  EXPECT_FALSE (hit.has_segment);
  cairo_surface_destroy (s);
  lab_trace_unref (broken);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

TEST (Chart, EmptyComparisonDrawsNoPanel)
{
  LabWorkload *w = parse ("io 3,1,2s");
  LabComparison *c = lab_comparison_new (w, 2);
  LabChartOptions o = options (800, 600);
  LabChartAxis axis;
  LabChartHit hit;
  cairo_surface_t *s = render (c, &o);

  EXPECT_FALSE (lab_chart_get_axis (c, &o, 0, TRUE, &axis));
  EXPECT_FALSE (lab_chart_hit_test (c, &o, 400, 300, &hit));
  EXPECT_FALSE (lab_chart_panel_at (c, &o, 300, nullptr));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

TEST (Ticks, OneTwoFiveSteps)
{
  struct { gint64 span; double width, spacing; gint64 step; } table[] = {
    { 6 * S, 1200, 100, 500 * MS },
    { 7 * S, 1000, 100, 1 * S },
    { 20 * S, 1000, 80, 2 * S },
    { 3 * MS, 900, 100, 500000 },
    { 1000, 1000, 100, 100 },
    { 1 * S, 1000, 100, 100 * MS },
    { 1 * S, 1000, 101, 200 * MS },
    /* an hour: round minutes, on the same ladder as every duration */
    { 3600 * S, 1600, 120, 300 * S },
  };
  for (auto &row : table)
    {
      gint64 step = _lab_chart_choose_tick (row.span, row.width, row.spacing);
      EXPECT_EQ (step, row.step) << row.span << " ns on " << row.width << " px";
      EXPECT_GE (step * row.width / row.span, row.spacing);
    }
}

TEST (Ticks, LabelsCarryAUnit)
{
  struct { gint64 t, step, max; const char *text; } table[] = {
    { 1500 * MS, 500 * MS, 6 * S, "1.5 s" },
    { 2 * S, 1 * S, 6 * S, "2 s" },
    { 0, 1 * S, 6 * S, "0" },
    { 250000, 50000, 1 * MS, "0.25 ms" },
    { 400 * MS, 100 * MS, 900 * MS, "400 ms" },
    { 20000, 10000, 50000, "20 µs" },
  };
  for (auto &row : table)
    {
      g_autofree char *text = _lab_chart_format_tick (row.t, row.step, row.max);
      EXPECT_STREQ (text, row.text);
    }
}

/* @n_tasks tasks of 10 ms each, staggered over the run, on 2 cores. */
LabComparison *
make_many (guint n_tasks, guint n_panels)
{
  g_autofree char *text = g_strdup_printf ("cpu %ux10ms", n_tasks);
  LabWorkload *w = parse (text);
  LabComparison *c = lab_comparison_new (w, 2);
  for (guint m = 0; m < n_panels; m++)
    {
      LabTrace *trace = lab_trace_new (m == 0 ? "sequential" : "threads", w, 2);
      LabTraceWriter *writer = lab_trace_get_writer (trace, 0);
      lab_trace_begin (trace, T0);
      for (guint t = 0; t < n_tasks; t++)
        {
          gint64 b = T0 + t * 10 * MS / (m + 1);
          lab_trace_writer_add (writer, t, LAB_STATE_RUNNING, t % 2, b, b + 10 * MS);
          lab_trace_task_done (trace, t);
        }
      lab_trace_end (trace, T0 + n_tasks * 10 * MS / (m + 1));
      lab_comparison_add_trace (c, trace);
      lab_trace_unref (trace);
    }
  lab_workload_unref (w);
  return c;
}

TEST (Chart, ManyTasksAreGroupedIntoLanesOfReadableHeight)
{
  for (guint n_tasks : { 40u, 500u, 100000u })
    for (auto size : { std::pair (1920.0, 1080.0), std::pair (800.0, 600.0) })
      {
        LabComparison *c = make_many (n_tasks, 3);
        LabChartOptions o = options (size.first, size.second);
        g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);

        for (guint i = 0; i < layout->n_panels; i++)
          {
            const LabChartPanel *p = &layout->panels[i];
            ASSERT_TRUE (p->drawn) << n_tasks << " tasks at " << size.first;
            EXPECT_GE (p->task_h, layout->lane_min);
            EXPECT_GE (p->core_h, layout->lane_min);
            EXPECT_GE (p->n_task_rows * p->tasks_per_row, n_tasks);
            EXPECT_LT ((p->n_task_rows - 1) * p->tasks_per_row, n_tasks);
            EXPECT_LE (p->y + p->height, o.height);
          }
        if (n_tasks >= 500)
          {
            EXPECT_GT (layout->panels[0].tasks_per_row, 1u);
          }

        /* A grouped lane reports its group. */
        LabChartHit hit;
        ASSERT_TRUE (find_task_lane (c, &o, 0, n_tasks - 1,
                                     layout->plot_x + layout->plot_w * 0.99, &hit));
        EXPECT_EQ (hit.last, n_tasks - 1);
        EXPECT_EQ (hit.last - hit.first + 1 <= layout->panels[0].tasks_per_row, true);
        EXPECT_TRUE (hit.has_segment);
        cairo_surface_destroy (render (c, &o));
        lab_comparison_unref (c);
      }
}

/* Non-background pixels: how much was painted. */
guint
painted (cairo_surface_t *s, const LabChartOptions *o)
{
  LabColor bg = lab_palette_get (o->theme)->background;
  guint n = 0;
  for (int y = 0; y < (int) o->height; y++)
    for (int x = 0; x < (int) o->width; x++)
      n += !near (pixel (s, x, y), bg, 0);
  return n;
}

TEST (Chart, EveryLineOfTextIsReportedWhereItIsDrawn)
{
  LabComparison *c = make_classic ();
  LabChartOptions o = options (1280, 720);
  TextLines lines;

  o.text_func = collect_text;
  o.text_data = &lines;
  cairo_surface_t *shown = render (c, &o);
  ASSERT_FALSE (lines.texts.empty ());
  EXPECT_NE (std::find (lines.texts.begin (), lines.texts.end (), "Sequential"),
             lines.texts.end ());
  EXPECT_NE (std::find (lines.texts.begin (), lines.texts.end (), "Task 3"), lines.texts.end ());
  for (const LabChartTextLine &l : lines.boxes)
    {
      EXPECT_GE (l.x, -0.5);
      EXPECT_GE (l.y, -0.5);
      EXPECT_LE (l.x + l.width, o.width + 0.5);
      EXPECT_LE (l.y + l.height, o.height + 0.5);
      EXPECT_GT (l.size_px, 4.0);
      EXPECT_GE (l.baseline_y, l.y);
      EXPECT_LE (l.baseline_y, l.y + l.height);
    }

  /* The same lines, not painted: what an export writes as text itself. */
  TextLines hidden_lines;
  o.text_data = &hidden_lines;
  o.text_hidden = TRUE;
  cairo_surface_t *hidden = render (c, &o);
  EXPECT_EQ (hidden_lines.texts, lines.texts);
  EXPECT_LT (painted (hidden, &o), painted (shown, &o));

  /* Scaled: boxes in the target's device units. */
  TextLines scaled_lines;
  cairo_surface_t *big = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2560, 1440);
  cairo_t *cr = cairo_create (big);
  cairo_scale (cr, 2, 2);
  o.text_data = &scaled_lines;
  o.text_hidden = FALSE;
  lab_chart_draw (cr, c, &o);
  cairo_destroy (cr);
  ASSERT_EQ (scaled_lines.boxes.size (), lines.boxes.size ());
  for (gsize i = 0; i < lines.boxes.size (); i++)
    {
      EXPECT_NEAR (scaled_lines.boxes[i].x, 2 * lines.boxes[i].x, 1.0);
      EXPECT_NEAR (scaled_lines.boxes[i].size_px, 2 * lines.boxes[i].size_px, 0.5);
    }

  cairo_surface_destroy (big);
  cairo_surface_destroy (hidden);
  cairo_surface_destroy (shown);
  lab_comparison_unref (c);
}

}  // namespace
