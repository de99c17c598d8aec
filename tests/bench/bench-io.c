/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-cpu-work.h"

/*
 * bench-io: N I/O tasks of 1 s each on the event-loop model, as
 * asyncio.gather() of N asyncio.sleep(1). The figure is the wall time of
 * the whole model run (setting up the loop and the trace's writer, pushing
 * every task, every timer, tearing down), so that it compares with the
 * asyncio peer timed around asyncio.run(). The trace's own span and the
 * total time tasks spent `ready` (late: the loop was busy with others)
 * are printed too, to tell where time went when the target is missed.
 */

typedef struct
{
  gint64 ready_ns;
  gint64 last_end_ns;
} Late;

static gboolean
add_late (const LabSegment *segment,
          gpointer          user_data)
{
  Late *late = user_data;

  if (segment->state == LAB_STATE_READY)
    late->ready_ns += segment->end_ns - segment->begin_ns;
  late->last_end_ns = MAX (late->last_end_ns, segment->end_ns);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gint n_tasks = 100000;
  gint wait_ms = 1000;
  guint reps = 5;
  const GOptionEntry entries[] = {
    { "tasks", 'n', 0, G_OPTION_ARG_INT, &n_tasks, "I/O tasks (default 100000)", "N" },
    { "wait-ms", 0, 0, G_OPTION_ARG_INT, &wait_ms, "Each task's wait (default 1000)", "MS" },
    { NULL }
  };
  g_autoptr(LabWorkload) workload = NULL;
  char key[64];

  bench_parse_options (&argc, &argv, "N I/O tasks on the event loop, timed end to end.",
                       entries, &reps);
  if (n_tasks < 1 || n_tasks > LAB_MAX_TASKS || wait_ms < 1)
    {
      g_printerr ("bench-io: --tasks must be 1 to %d and --wait-ms positive\n", LAB_MAX_TASKS);
      return 2;
    }

  workload = lab_workload_new_uniform (LAB_TASK_KIND_IO, (guint) n_tasks,
                                       wait_ms * LAB_NS_PER_MS);
  for (guint rep = 0; rep < reps; rep++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LabTrace) trace = NULL;
      Late late = { 0 };
      double wall_s = 0;

      trace = bench_run_model (&lab_model_event_loop, workload, 1, lab_cpu_calibrate (),
                               &wall_s, &error);
      if (trace == NULL)
        bench_fail ("event-loop", error);
      lab_trace_foreach_segment (trace, add_late, &late);

      g_snprintf (key, sizeof key, "io-%d-wall-s", n_tasks);
      bench_sample (key, wall_s);
      g_snprintf (key, sizeof key, "io-%d-span-s", n_tasks);
      bench_sample (key, bench_trace_elapsed_s (trace));
      g_snprintf (key, sizeof key, "io-%d-ready-mean-ms", n_tasks);
      bench_sample (key, (double) late.ready_ns / n_tasks / (double) LAB_NS_PER_MS);
      bench_note ("rep %u: %.4f s wall, span %.4f s, last wait ended %.4f s after begin, "
                  "%" G_GUINT64_FORMAT " segments", rep, wall_s, bench_trace_elapsed_s (trace),
                  (double) (late.last_end_ns - lab_trace_get_begin_ns (trace)) / LAB_NS_PER_S,
                  lab_trace_get_n_segments (trace));
    }
  return 0;
}
