/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-render"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lab-chart.h"

/*
 * How long lab_chart_draw() takes for 100,000 and 1,000,000 segments on a
 * 1920×1080 image surface (targets: 16 ms and 100 ms), drawn again and
 * again as the window does, with a cache of the figures derived from the
 * trace as the window keeps one. The segments are those of a busy threads
 * run: 1,000 tasks, each alternating running slices on two cores with
 * ready and waiting-lock gaps, plus a wait. Also, for information, the
 * first drawing without a cache: what one exported image costs.
 */

#define NS_PER_MS G_GINT64_CONSTANT (1000000)
#define T0 (G_GINT64_CONSTANT (1000) * 1000000000)

static LabComparison *
make_comparison (guint n_segments)
{
  const guint n_tasks = 1000;
  g_autoptr(LabWorkload) workload = lab_workload_parse ("cpu 1000x20ms", NULL);
  LabComparison *comparison = lab_comparison_new (workload, 2);
  g_autoptr(LabTrace) trace = lab_trace_new ("threads", workload, 2);
  guint per_task = n_segments / n_tasks;
  /* the whole run lasts 10 s whatever the count: more segments, thinner */
  gint64 slice = 10000 * NS_PER_MS / per_task;

  lab_trace_set_n_workers (trace, 2);
  lab_trace_begin (trace, T0);
  for (guint w = 0; w < 2; w++)
    {
      LabTraceWriter *writer = lab_trace_get_writer (trace, w);

      for (guint t = w; t < n_tasks; t += 2)
        for (guint i = 0; i < per_task; i++)
          {
            static const LabState states[] = {
              LAB_STATE_RUNNING, LAB_STATE_READY, LAB_STATE_RUNNING, LAB_STATE_WAITING_LOCK,
            };
            gint64 b = T0 + i * slice + (t % 7) * slice / 8;

            lab_trace_writer_add (writer, t, states[(i + t) % 4], (gint) ((i + t) % 2), b,
                                  b + slice * 7 / 8);
          }
    }
  for (guint t = 0; t < n_tasks; t++)
    lab_trace_task_done (trace, t);
  lab_trace_end (trace, T0 + 10000 * NS_PER_MS + slice);
  lab_comparison_add_trace (comparison, trace);
  return comparison;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
bench (guint n_segments,
       double target_ms)
{
  g_autoptr(LabComparison) comparison = make_comparison (n_segments);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  g_autoptr(LabChartCache) cache = lab_chart_cache_new ();
  LabChartOptions options;
  double times[15];
  gint64 start;
  cairo_t *once;

  lab_chart_options_init (&options, 1920, 1080);
  once = cairo_create (surface);
  start = g_get_monotonic_time ();
  lab_chart_draw (once, comparison, &options);
  cairo_surface_flush (surface);
  printf ("render %7u segments, 1920x1080, one image with no cache: %.1f ms\n", n_segments,
          (g_get_monotonic_time () - start) / 1000.0);
  cairo_destroy (once);

  options.cache = cache;
  for (guint i = 0; i < G_N_ELEMENTS (times) + 2; i++)
    {
      cairo_t *cr = cairo_create (surface);

      start = g_get_monotonic_time ();

      lab_chart_draw (cr, comparison, &options);
      cairo_surface_flush (surface);
      cairo_destroy (cr);
      /* the first two runs warm fonts and caches */
      if (i >= 2)
        times[i - 2] = (g_get_monotonic_time () - start) / 1000.0;
    }
  /* one "sample" line per repetition, for the benchmark table */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    printf ("sample render-%u-ms %.3f\n", n_segments, times[i]);
  qsort (times, G_N_ELEMENTS (times), sizeof times[0], compare_doubles);
  printf ("render %7u segments, 1920x1080: median %.1f ms, min %.1f ms, max %.1f ms"
          " (target %.0f ms: %s)\n",
          n_segments, times[G_N_ELEMENTS (times) / 2], times[0],
          times[G_N_ELEMENTS (times) - 1], target_ms,
          times[G_N_ELEMENTS (times) / 2] <= target_ms ? "met" : "missed");
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  bench (100000, 16);
  bench (1000000, 100);
  return 0;
}
