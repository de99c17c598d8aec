// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtest/gtest.h>

#include <cairo.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <algorithm>
#include <cstring>
#include <vector>

#include "../folder-entries.h"

extern "C" {
#include "lab-chart.h"
#include "lab-comparison.h"
#include "lab-palette.h"
#include "lab-trace.h"
#include "lab-workload.h"
#include "../plan-test-helpers.h"
}

/* Hand-built comparisons with known segments, so that tests know what must
 * be drawn where. */

namespace render_test {

constexpr gint64 MS = 1000000;
constexpr gint64 S = 1000000000;
/* an arbitrary CLOCK_MONOTONIC time for the start */
constexpr gint64 T0 = 5000 * S;

/* Every name in a folder, sorted: to see what an export left there. */
using lab_test::folder_entries;

inline LabWorkload *
parse (const char *text)
{
  GError *error = nullptr;
  LabWorkload *w = lab_workload_parse (text, &error);
  EXPECT_NE (w, nullptr) << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  return w;
}

/* "io 3,1,2s" one after another: 6 s; task 2 also computes 500 ms on core 1. */
inline LabTrace *
make_sequential (LabWorkload *w, gint64 t0)
{
  LabTrace *trace = lab_trace_new ("sequential", w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);

  lab_trace_set_n_workers (trace, 1);
  lab_trace_begin (trace, t0);
  lab_trace_writer_add (writer, 0, LAB_STATE_WAITING_IO, -1, t0, t0 + 3 * S);
  lab_trace_writer_add (writer, 1, LAB_STATE_QUEUED, -1, t0, t0 + 3 * S);
  lab_trace_writer_add (writer, 1, LAB_STATE_WAITING_IO, -1, t0 + 3 * S, t0 + 4 * S);
  lab_trace_writer_add (writer, 2, LAB_STATE_QUEUED, -1, t0, t0 + 4 * S);
  lab_trace_writer_add (writer, 2, LAB_STATE_RUNNING, 1, t0 + 4 * S, t0 + 4500 * MS);
  lab_trace_writer_add (writer, 2, LAB_STATE_WAITING_IO, -1, t0 + 4500 * MS, t0 + 6 * S);
  for (guint32 t = 0; t < 3; t++)
    lab_trace_task_done (trace, t);
  lab_trace_end (trace, t0 + 6 * S);
  return trace;
}

/* The event loop: 3 s, waits overlapping; task 1 failed (or, without
 * @failure, done: a whole run, which a verdict may judge). */
inline LabTrace *
make_event_loop (LabWorkload *w, gint64 t0, bool failure = true)
{
  LabTrace *trace = lab_trace_new ("event-loop", w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);

  lab_trace_set_n_workers (trace, 1);
  lab_trace_begin (trace, t0);
  lab_trace_writer_add (writer, 0, LAB_STATE_WAITING_IO, -1, t0, t0 + 3 * S);
  lab_trace_writer_add (writer, 1, LAB_STATE_WAITING_IO, -1, t0, t0 + 1 * S);
  lab_trace_writer_add (writer, 1, LAB_STATE_READY, -1, t0 + 1 * S, t0 + 1200 * MS);
  lab_trace_writer_add (writer, 2, LAB_STATE_WAITING_IO, -1, t0, t0 + 2 * S);
  lab_trace_task_done (trace, 0);
  if (failure)
    lab_trace_task_failed (trace, 1, "broken on purpose");
  else
    lab_trace_task_done (trace, 1);
  lab_trace_task_done (trace, 2);
  lab_trace_end (trace, t0 + 3 * S);
  return trace;
}

inline LabComparison *
make_classic (bool failure = true)
{
  LabWorkload *w = parse ("io 3,1,2s");
  LabComparison *c = test_comparison_new (w, 2, 1);
  LabTrace *seq = make_sequential (w, T0);
  LabTrace *loop = make_event_loop (w, T0 + 7 * S, failure);

  lab_comparison_set_created (c, 1700000000);
  lab_comparison_add_trace (c, seq);
  lab_comparison_add_trace (c, loop);
  lab_trace_unref (seq);
  lab_trace_unref (loop);
  lab_workload_unref (w);
  return c;
}

inline cairo_surface_t *
render (LabComparison *c, const LabChartOptions *o)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) o->width,
                                                   (int) o->height);
  cairo_t *cr = cairo_create (s);
  lab_chart_draw (cr, c, o);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* The pixel as straight (not premultiplied) 8-bit RGBA. */
struct Rgba
{
  int r, g, b, a;
};

inline Rgba
pixel (cairo_surface_t *s, int x, int y)
{
  const unsigned char *data = cairo_image_surface_get_data (s);
  guint32 v = *(const guint32 *) (data + y * cairo_image_surface_get_stride (s) + x * 4);
  int a = v >> 24;
  Rgba p = { (int) (v >> 16 & 0xff), (int) (v >> 8 & 0xff), (int) (v & 0xff), a };
  if (a > 0 && a < 255)
    p = { p.r * 255 / a, p.g * 255 / a, p.b * 255 / a, a };
  return p;
}

inline bool
near (Rgba p, LabColor c, int tolerance = 3)
{
  return std::abs (p.r - (int) lround (c.r * 255)) <= tolerance
         && std::abs (p.g - (int) lround (c.g * 255)) <= tolerance
         && std::abs (p.b - (int) lround (c.b * 255)) <= tolerance;
}

inline std::string
describe (Rgba p)
{
  char text[64];
  g_snprintf (text, sizeof text, "rgba(%d, %d, %d, %d)", p.r, p.g, p.b, p.a);
  return text;
}

/* Scans down the middle of panel @panel's time area for the lane showing
 * @task; returns FALSE where none is hit. */
inline bool
find_task_lane (LabComparison *c, const LabChartOptions *o, guint panel, guint task,
                double x, LabChartHit *hit)
{
  for (double y = 0; y < o->height; y += 1)
    if (lab_chart_hit_test (c, o, x, y, hit) && hit->panel == panel
        && g_strcmp0 (hit->layer, "tasks") == 0 && hit->first <= task && task <= hit->last)
      return true;
  return false;
}

/* Every line of text a drawing reported through text_func, and its words. */
struct TextLines
{
  std::vector<std::string>      texts;
  std::vector<LabChartTextLine> boxes;
};

inline void
collect_text (const LabChartTextLine *line, gpointer data)
{
  auto *lines = static_cast<TextLines *> (data);
  lines->texts.emplace_back (line->text, line->length);
  lines->boxes.push_back (*line);
}

/* Scans down at @x for panel @panel's layer @layer. */
inline bool
find_layer (LabComparison *c, const LabChartOptions *o, guint panel, const char *layer, double x,
            LabChartHit *hit)
{
  for (double y = 0; y < o->height; y += 1)
    if (lab_chart_hit_test (c, o, x, y, hit) && hit->panel == panel
        && g_strcmp0 (hit->layer, layer) == 0)
      return true;
  return false;
}

/* The tooltip of @hit, as a string ("" where there is none). */
inline std::string
describe_hit (LabComparison *c, const LabChartOptions *o, const LabChartHit *hit)
{
  char *text = lab_chart_describe_hit (c, o, hit);
  std::string s = text != nullptr ? text : "";
  g_free (text);
  return s;
}

/* The x of time @t (from the panel's zero) on panel @panel's axis. */
inline double
x_at (LabComparison *c, const LabChartOptions *o, guint panel, gint64 t)
{
  LabChartAxis axis;
  EXPECT_TRUE (lab_chart_get_axis (c, o, panel, FALSE, &axis));
  return axis.plot_x + (double) (t - axis.begin_ns) * axis.plot_width
                       / (double) (axis.end_ns - axis.begin_ns);
}

}  // namespace render_test
