// SPDX-License-Identifier: GPL-3.0-or-later
// What-if comparisons: two columns on one time axis, the changes marked.
#include "render-test-helpers.h"

using namespace render_test;

namespace {

/* One CPU task per entry of @ms, one after another on core 0. */
LabTrace *
make_run (const char *model, LabWorkload *w, gint64 t0, std::vector<gint64> ms, guint limit)
{
  LabTrace *trace = lab_trace_new (model, w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);
  gint64 t = t0;

  lab_trace_set_n_workers (trace, 1);
  lab_trace_set_core_limit (trace, limit);
  lab_trace_begin (trace, t0);
  for (guint32 task = 0; task < ms.size (); task++)
    {
      lab_trace_writer_add (writer, task, LAB_STATE_RUNNING, 0, t, t + ms[task] * MS);
      lab_trace_task_done (trace, task);
      t += ms[task] * MS;
    }
  lab_trace_end (trace, t);
  return trace;
}

/* A comparison of @models, each taking @ms per task. */
LabComparison *
make_comparison (std::vector<std::pair<const char *, std::vector<gint64>>> models, guint limit)
{
  LabWorkload *w = parse ("cpu 2x1s");
  LabComparison *c = test_comparison_new (w, 2, 2, limit);
  gint64 t0 = T0;

  lab_comparison_set_created (c, 1700000000);
  for (auto &m : models)
    {
      LabTrace *t = make_run (m.first, w, t0, m.second, limit);
      lab_comparison_add_trace (c, t);
      t0 = lab_trace_get_end_ns (t) + S;
      lab_trace_unref (t);
    }
  lab_workload_unref (w);
  return c;
}

LabColor
slower_color ()
{
  return { 0.76, 0.28, 0.0, 1 };
}

LabColor
faster_color ()
{
  return { 0.0, 0.50, 0.36, 1 };
}

/* Pixels of @color (within a tolerance, as text is antialiased) in the
 * rectangle. */
int
count_color (cairo_surface_t *s, LabColor color, int x0, int y0, int x1, int y1)
{
  int n = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += near (pixel (s, x, y), color, 6);
  return n;
}

class WhatIf : public ::testing::Test
{
protected:
  void
  SetUp () override
  {
    before = make_comparison ({ { "sequential", { 1000, 1000 } }, { "threads", { 1000, 1000 } } }, 0);
    /* sequential the same; threads twice as long on one core; a model only here */
    after = make_comparison ({ { "sequential", { 1000, 1000 } },
                               { "threads", { 2000, 2000 } },
                               { "processes", { 500, 500 } } }, 1);
    lab_chart_options_init (&o, 1600, 900);
    o.baseline = before;
  }
  void
  TearDown () override
  {
    lab_comparison_unref (before);
    lab_comparison_unref (after);
  }

  LabComparison  *before = nullptr;
  LabComparison  *after = nullptr;
  LabChartOptions o;
};

TEST_F (WhatIf, NoColumnsWithoutABaseline)
{
  LabChartOptions plain;
  LabChartColumn column;
  lab_chart_options_init (&plain, 800, 600);
  EXPECT_FALSE (lab_chart_what_if_get_column (after, &plain, 0, &column));
  EXPECT_FALSE (lab_chart_what_if_column_at (after, &plain, 10, 300, &column));
}

TEST_F (WhatIf, TwoColumnsSideBySideOnOneTimeSpan)
{
  LabChartColumn left, right;
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &o, 0, &left));
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &o, 1, &right));
  EXPECT_FALSE (lab_chart_what_if_get_column (after, &o, 2, &left));

  EXPECT_TRUE (left.is_baseline);
  EXPECT_EQ (left.comparison, before);
  EXPECT_FALSE (right.is_baseline);
  EXPECT_EQ (right.comparison, after);
  EXPECT_EQ (left.x, 0);
  EXPECT_GE (right.x, left.x + left.options.width) << "beside, not over";
  EXPECT_LE (right.x + right.options.width, o.width + 0.5);
  EXPECT_GT (left.y, 0) << "room for the headings";
  EXPECT_EQ (left.options.baseline, nullptr) << "each column is a plain chart";

  // threads after: 4 s, the longest of both
  EXPECT_EQ (left.options.axis_span_ns, 4 * S);
  EXPECT_EQ (right.options.axis_span_ns, 4 * S);
  LabChartAxis a, b;
  ASSERT_TRUE (lab_chart_get_axis (before, &left.options, 0, TRUE, &a));
  ASSERT_TRUE (lab_chart_get_axis (after, &right.options, 0, TRUE, &b));
  EXPECT_EQ (a.end_ns, 4 * S) << "the 2 s run before is drawn on the 4 s axis";
  EXPECT_EQ (b.end_ns, 4 * S);
  EXPECT_NEAR (a.plot_width, b.plot_width, 1.0);
}

TEST_F (WhatIf, EqualTimesLieAtEqualPlacesInBothColumns)
{
  LabChartColumn left, right;
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &o, 0, &left));
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &o, 1, &right));
  LabChartAxis a, b;
  ASSERT_TRUE (lab_chart_get_axis (before, &left.options, 1, FALSE, &a));
  ASSERT_TRUE (lab_chart_get_axis (after, &right.options, 1, FALSE, &b));

  // 1.5 s into the threads panel: task 1 before (its second second), task 0 after
  double xa = left.x + a.plot_x + a.plot_width * 1.5 / 4.0;
  double xb = right.x + b.plot_x + b.plot_width * 1.5 / 4.0;
  LabChartHit hit;
  bool found = false;
  for (double y = 0; y < o.height && !found; y++)
    {
      LabChartColumn column;
      if (!lab_chart_what_if_column_at (after, &o, xb, y, &column))
        continue;
      ASSERT_FALSE (column.is_baseline);
      if (lab_chart_hit_test (column.comparison, &column.options, xb - column.x, y - column.y, &hit)
          && hit.panel == 1 && hit.has_segment && g_strcmp0 (hit.layer, "tasks") == 0)
        found = true;
    }
  ASSERT_TRUE (found) << "the what-if column's threads panel has a segment at 1.5 s";
  EXPECT_EQ (hit.segment.task, 0u);
  EXPECT_NEAR ((double) hit.time_ns / S, 1.5, 0.02);

  found = false;
  for (double y = 0; y < o.height && !found; y++)
    {
      LabChartColumn column;
      if (!lab_chart_what_if_column_at (after, &o, xa, y, &column))
        continue;
      ASSERT_TRUE (column.is_baseline);
      if (lab_chart_hit_test (column.comparison, &column.options, xa - column.x, y - column.y, &hit)
          && hit.panel == 1 && hit.has_segment && g_strcmp0 (hit.layer, "tasks") == 0)
        found = true;
    }
  ASSERT_TRUE (found);
  EXPECT_EQ (hit.segment.task, 1u) << "1.5 s before: the second task";
  EXPECT_NEAR ((double) hit.time_ns / S, 1.5, 0.02);

  LabChartColumn none;
  EXPECT_FALSE (lab_chart_what_if_column_at (after, &o, (left.options.width + right.x) / 2, 400,
                                             &none)) << "the gap is no column";
  EXPECT_FALSE (lab_chart_what_if_column_at (after, &o, 100, 1, &none)) << "nor the headings";
}

TEST_F (WhatIf, TheSlowerModelIsMarkedInTheWhatIfColumnOnly)
{
  cairo_surface_t *s = render (after, &o);
  LabChartColumn left, right;
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &o, 0, &left));
  ASSERT_TRUE (lab_chart_what_if_get_column (after, &o, 1, &right));

  int slower_right = count_color (s, slower_color (), (int) right.x, 0, (int) o.width,
                                  (int) o.height);
  int slower_left = count_color (s, slower_color (), 0, 0, (int) left.options.width,
                                 (int) o.height);
  int faster = count_color (s, faster_color (), 0, 0, (int) o.width, (int) o.height);
  EXPECT_GT (slower_right, 20) << "“+2.00 s, 2.00× slower” beside the threads title";
  EXPECT_EQ (slower_left, 0);
  EXPECT_EQ (faster, 0) << "nothing got faster";

  // The mark sits on the threads panel's title line, above its lanes.
  LabChartAxis b;
  ASSERT_TRUE (lab_chart_get_axis (after, &right.options, 1, FALSE, &b));
  double top = o.height, bottom = 0;
  for (int y = 0; y < (int) o.height; y++)
    if (count_color (s, slower_color (), (int) right.x, y, (int) o.width, y + 1) > 0)
      {
        top = std::min (top, (double) y);
        bottom = std::max (bottom, (double) y);
      }
  LabChartHit hit;
  ASSERT_TRUE (find_task_lane (after, &right.options, 1, 0,
                               b.plot_x + b.plot_width / 2, &hit));
  EXPECT_LT (bottom - right.y, hit.y) << "above the threads panel's first lane";
  EXPECT_GT (bottom - top, 5) << "a line of text, not a stray pixel";
  cairo_surface_destroy (s);
}

struct Line
{
  std::string text;
  double x, y, w, h;
};

void
collect_line (const LabChartTextLine *line, gpointer data)
{
  auto *lines = static_cast<std::vector<Line> *> (data);
  lines->push_back ({ std::string (line->text, line->length), line->x, line->y, line->width,
                      line->height });
}

/* The change badge is part of the title line: at every size it covers no
 * figure of the title, nor any other text. */
TEST_F (WhatIf, TheChangeNeverCoversTheTitlesFigures)
{
  for (auto size : std::vector<std::pair<int, int>>{ { 1920, 1080 }, { 1280, 720 }, { 960, 540 } })
    {
      std::vector<Line> lines;
      lab_chart_options_init (&o, size.first, size.second);
      o.baseline = before;
      o.text_func = collect_line;
      o.text_data = &lines;
      cairo_surface_t *s = render (after, &o);
      cairo_surface_destroy (s);

      bool badge = false;
      for (const Line &l : lines)
        badge |= l.text.find ("slower") != std::string::npos;
      EXPECT_TRUE (badge) << size.first << ": the change is shown";
      for (size_t i = 0; i < lines.size (); i++)
        for (size_t k = i + 1; k < lines.size (); k++)
          {
            const Line &a = lines[i], &b = lines[k];
            double ox = MIN (a.x + a.w, b.x + b.w) - MAX (a.x, b.x);
            double oy = MIN (a.y + a.h, b.y + b.h) - MAX (a.y, b.y);
            EXPECT_FALSE (ox > 1 && oy > 1)
                << size.first << "×" << size.second << ": “" << a.text << "” overlaps “" << b.text
                << "”";
          }
    }
}

TEST_F (WhatIf, AFasterModelIsMarkedInTheOtherColour)
{
  lab_comparison_unref (after);
  after = make_comparison ({ { "sequential", { 1000, 1000 } }, { "threads", { 500, 500 } } }, 0);
  cairo_surface_t *s = render (after, &o);
  EXPECT_GT (count_color (s, faster_color (), (int) (o.width / 2), 0, (int) o.width,
                          (int) o.height), 20);
  EXPECT_EQ (count_color (s, slower_color (), 0, 0, (int) o.width, (int) o.height), 0);
  cairo_surface_destroy (s);
}

TEST_F (WhatIf, DrawsWithinItsBoundsAndOnAnyThemeOrSize)
{
  for (LabTheme theme : { LAB_THEME_LIGHT, LAB_THEME_DARK })
    for (auto size : std::vector<std::pair<int, int>>{ { 1920, 1080 }, { 640, 360 }, { 60, 40 } })
      {
        lab_chart_options_init (&o, size.first, size.second);
        o.baseline = before;
        o.theme = theme;
        cairo_surface_t *s = render (after, &o);
        EXPECT_EQ (cairo_surface_status (s), CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy (s);
      }
  // A baseline that is still empty (no trace yet) draws too.
  LabWorkload *w = parse ("cpu 1s");
  LabComparison *empty = lab_comparison_new (w, 2);
  o.baseline = empty;
  cairo_surface_t *s = render (after, &o);
  EXPECT_EQ (cairo_surface_status (s), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  lab_comparison_unref (empty);
  lab_workload_unref (w);
}

}  // namespace
