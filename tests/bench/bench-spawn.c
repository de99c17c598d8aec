/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-cpu-work.h"

/*
 * bench-spawn: how long the `processes` model takes to have its workers
 * spawned and ready. The model records, for the first task of each worker,
 * a `spawning` segment from the moment it started the process (or the
 * run's begin, whichever is later) to the worker's "ready" line; so the
 * pool is ready at the end of the last spawning segment, counted from the
 * trace's begin (which comes before any process is started).
 *
 * The tasks are 4 waits of 200 ms, long enough that no worker can finish
 * its task and take a second one before a slower sibling is ready: every
 * worker then runs exactly one first task and records its spawning
 * segment. A run with fewer spawning segments than workers is reported
 * and fails.
 */

typedef struct
{
  guint  n_spawning;
  gint64 last_ready_ns;
  gint64 sum_ns;
} Spawning;

static gboolean
add_spawning (const LabSegment *segment,
              gpointer          user_data)
{
  Spawning *spawning = user_data;

  if (segment->state != LAB_STATE_SPAWNING)
    return TRUE;
  spawning->n_spawning++;
  spawning->last_ready_ns = MAX (spawning->last_ready_ns, segment->end_ns);
  spawning->sum_ns += segment->end_ns - segment->begin_ns;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gint n_workers = 4;
  guint reps = 10;
  const GOptionEntry entries[] = {
    { "workers", 'n', 0, G_OPTION_ARG_INT, &n_workers, "Worker processes (default 4)", "N" },
    { NULL }
  };
  g_autoptr(LabWorkload) workload = NULL;
  g_autofree char *key = NULL;
  double rate;

  bench_parse_options (&argc, &argv, "Worker processes spawned and ready.", entries, &reps);
  if (n_workers < 1 || n_workers > LAB_MAX_PROCESSES)
    {
      g_printerr ("bench-spawn: --workers must be 1 to %d\n", LAB_MAX_PROCESSES);
      return 2;
    }

  workload = lab_workload_new_uniform (LAB_TASK_KIND_IO, (guint) n_workers,
                                       200 * LAB_NS_PER_MS);
  key = g_strdup_printf ("spawn-%d-ready-ms", n_workers);
  rate = lab_cpu_calibrate ();
  for (guint rep = 0; rep < reps; rep++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LabTrace) trace = NULL;
      Spawning spawning = { 0 };
      double ready_ms;

      trace = bench_run_model (&lab_model_processes, workload, (guint) n_workers, rate, NULL,
                               &error);
      if (trace == NULL)
        bench_fail ("processes", error);
      lab_trace_foreach_segment (trace, add_spawning, &spawning);
      if (spawning.n_spawning != (guint) n_workers)
        {
          g_printerr ("bench-spawn: %u spawning segments for %d workers\n",
                      spawning.n_spawning, n_workers);
          return 1;
        }
      ready_ms = (double) (spawning.last_ready_ns - lab_trace_get_begin_ns (trace))
                 / (double) LAB_NS_PER_MS;
      bench_sample (key, ready_ms);
      bench_note ("rep %u: all %d ready after %.2f ms; a worker's own start-up %.2f ms on average",
                  rep, n_workers, ready_ms,
                  (double) spawning.sum_ns / n_workers / (double) LAB_NS_PER_MS);
    }
  return 0;
}
