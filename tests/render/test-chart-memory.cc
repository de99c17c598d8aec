// SPDX-License-Identifier: GPL-3.0-or-later
// The memory strip: each model's resident memory on one scale for every
// panel, a gap where it could not be measured, its peak and its bytes per
// task in words.
#include "render-test-helpers.h"

extern "C" {
#include "lab-chart-layers.h"
}

using namespace render_test;

namespace {

constexpr gint64 MB = 1000 * 1000;
constexpr gint64 GAP = LAB_MEMORY_NOT_MEASURED;

void
add_sample (LabTrace *t, gint64 at_ms, gint64 rss, gint64 pss, guint workers = 0,
            gint64 workers_rss = 0)
{
  LabMemorySample m = { T0 + at_ms * MS, rss, pss, workers_rss, workers_rss / 4, 0, workers,
                        LAB_MEMORY_SOURCE_SMAPS_ROLLUP, {} };
  if (rss == GAP)
    m = { T0 + at_ms * MS, GAP, GAP, GAP, GAP, 0, 0, LAB_MEMORY_SOURCE_NONE, {} };
  lab_trace_add_memory (t, &m);
}

/* Four waits of 1 s under @model, with its memory. */
LabTrace *
make_waits (LabWorkload *w, const char *model)
{
  LabTrace *t = lab_trace_new (model, w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (t, 0);

  lab_trace_set_n_workers (t, 4);
  lab_trace_begin (t, T0);
  for (guint32 task = 0; task < 4; task++)
    {
      lab_trace_writer_add (writer, task, LAB_STATE_WAITING_IO, -1, T0 + 10 * MS, T0 + 1000 * MS);
      lab_trace_task_done (t, task);
    }
  lab_trace_end (t, T0 + 1000 * MS);
  return t;
}

/* An event loop that holds 20 MB all along, and processes that climb to
 * 200 MB with a gap from 400 to 600 ms (a worker vanished while read). */
LabComparison *
make_memory (void)
{
  LabWorkload *w = parse ("io 4x1s");
  LabComparison *c = lab_comparison_new (w, 2);
  LabTrace *loop = make_waits (w, "event-loop");
  LabTrace *procs = make_waits (w, "processes");

  add_sample (loop, 0, 20 * MB, 19 * MB);
  add_sample (loop, 500, 20 * MB + 400, 19 * MB + 400);
  add_sample (procs, 0, 20 * MB, 19 * MB);
  add_sample (procs, 200, 200 * MB, 60 * MB, 4, 180 * MB);
  add_sample (procs, 400, GAP, GAP);
  add_sample (procs, 600, 200 * MB, 60 * MB, 4, 180 * MB);
  lab_comparison_add_trace (c, loop);
  lab_comparison_add_trace (c, procs);
  lab_trace_unref (loop);
  lab_trace_unref (procs);
  lab_workload_unref (w);
  return c;
}

void
init_options (LabChartOptions *o, LabTheme theme, const char *layers)
{
  lab_chart_options_init (o, 1920, 1080);
  o->theme = theme;
  ASSERT_TRUE (lab_chart_layers_parse (layers, &o->layers, nullptr));
}

}  // namespace

class MemoryStrip : public ::testing::TestWithParam<LabTheme>
{
};

TEST_P (MemoryStrip, EveryPanelOnOneScaleWithItsPeakAndItsGap)
{
  LabComparison *c = make_memory ();
  LabChartOptions o;
  init_options (&o, GetParam (), "memory");
  TextLines lines;
  o.text_func = collect_text;
  o.text_data = &lines;
  cairo_surface_t *s = render (c, &o);
  LabChartHit loop_hit, procs_hit;
  LabColor text = lab_palette_get (o.theme)->text;

  double x = x_at (c, &o, 1, 300 * MS);
  ASSERT_TRUE (find_layer (c, &o, 1, "memory", x, &procs_hit)) << "no memory strip";
  ASSERT_TRUE (find_layer (c, &o, 0, "memory", x_at (c, &o, 0, 300 * MS), &loop_hit));
  ASSERT_TRUE (procs_hit.has_item);
  std::string words = describe_hit (c, &o, &procs_hit);
  EXPECT_NE (words.find ("200.0\u00a0MB resident (RSS), 60.0\u00a0MB proportional (PSS)"),
             std::string::npos) << words;
  EXPECT_NE (words.find ("4 worker processes: 180.0\u00a0MB of it"), std::string::npos) << words;

  // 200 MB is drawn at 1 / 1.3 of the strip; the loop's 20 MB a tenth of
  // that, on the same scale: the area is there half-way up on the
  // processes' strip, not on the loop's.
  double base = procs_hit.y + procs_hit.height - 1, h = procs_hit.height - 3;
  double half = base - 0.5 / 1.3 * h;
  Rgba filled = pixel (s, (int) x, (int) half);
  Rgba empty = pixel (s, (int) x_at (c, &o, 0, 300 * MS),
                      (int) (loop_hit.y + (half - procs_hit.y)));
  auto distance = [&text] (Rgba p) {
    return std::abs (p.r - text.r * 255) + std::abs (p.g - text.g * 255)
           + std::abs (p.b - text.b * 255);
  };
  EXPECT_LT (distance (filled), distance (empty))
      << "filled " << describe (filled) << ", empty " << describe (empty);

  // The gap is said, in the tooltip and the legend.
  ASSERT_TRUE (find_layer (c, &o, 1, "memory", x_at (c, &o, 1, 500 * MS), &procs_hit));
  words = describe_hit (c, &o, &procs_hit);
  EXPECT_NE (words.find ("not measured"), std::string::npos) << words;
  bool peak = false, legend = false, per_task = false;
  for (const auto &t : lines.texts)
    {
      peak |= t == "up to 200.0\u00a0MB RSS";  // g_format_size keeps number and unit together
      legend |= t == "Memory not measured";
      per_task |= t.find ("a task") != std::string::npos;
    }
  EXPECT_TRUE (peak);
  EXPECT_TRUE (legend) << "the gap's hatch has its legend entry";
  EXPECT_TRUE (per_task);
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

INSTANTIATE_TEST_SUITE_P (Themes, MemoryStrip, ::testing::Values (LAB_THEME_LIGHT, LAB_THEME_DARK));

TEST (MemoryStripChoice, OnlyWhenChosenAndMeasured)
{
  LabComparison *c = make_memory ();
  LabChartOptions o;
  LabChartHit hit;

  init_options (&o, LAB_THEME_LIGHT, "cores");
  EXPECT_FALSE (find_layer (c, &o, 1, "memory", x_at (c, &o, 1, 300 * MS), &hit));
  lab_comparison_unref (c);

  // A run without memory samples (an older file) has no strip.
  LabWorkload *w = parse ("io 4x1s");
  c = lab_comparison_new (w, 2);
  LabTrace *t = make_waits (w, "event-loop");
  lab_comparison_add_trace (c, t);
  init_options (&o, LAB_THEME_LIGHT, "memory");
  EXPECT_FALSE (find_layer (c, &o, 0, "memory", x_at (c, &o, 0, 300 * MS), &hit));

  // Samples that are all gaps: the strip says not measured.
  add_sample (t, 0, GAP, GAP);
  TextLines lines;
  o.text_func = collect_text;
  o.text_data = &lines;
  cairo_surface_destroy (render (c, &o));
  EXPECT_NE (std::find (lines.texts.begin (), lines.texts.end (), "not measured"),
             lines.texts.end ());
  lab_trace_unref (t);
  lab_workload_unref (w);
  lab_comparison_unref (c);
}
