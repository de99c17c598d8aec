/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include <stdlib.h>

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu-work.h"
#include "lab-cpu.h"

/*
 * bench-cpu: CPU tasks, two per core, under sequential and then each
 * parallel model, one after another (never at the same time: they would
 * steal cores from each other). A repetition's speedup is that
 * repetition's sequential span over the model's span, as the app computes
 * it (lab_trace_compute_stats uses the same spans), so slow drift in the
 * machine's load cancels out between neighbours.
 */

static const LabModel *
find_model (const char *id)
{
  const LabModel *model = lab_model_find (id);

  if (model == NULL)
    {
      g_printerr ("bench-cpu: no model “%s”\n", id);
      exit (2);
    }
  return model;
}

static double
run_span (const LabModel *model,
          LabWorkload    *workload,
          guint           n_workers,
          double          rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabTrace) trace = NULL;

  trace = bench_run_model (model, workload, n_workers, rate, NULL, &error);
  if (trace == NULL)
    bench_fail (model->id, error);
  return bench_trace_elapsed_s (trace);
}

int
main (int   argc,
      char *argv[])
{
  gint per_core = 2;
  gint task_ms = 250;
  gint n_cores = 0;
  g_autofree char *models_text = g_strdup ("threads,threads-gil,processes");
  guint reps = 5;
  const GOptionEntry entries[] = {
    { "per-core", 0, 0, G_OPTION_ARG_INT, &per_core, "Tasks per core (default 2)", "N" },
    { "task-ms", 0, 0, G_OPTION_ARG_INT, &task_ms, "CPU work per task (default 250)", "MS" },
    { "cores", 0, 0, G_OPTION_ARG_INT, &n_cores, "Cores to count (default: all usable)", "N" },
    { "models", 0, 0, G_OPTION_ARG_STRING, &models_text,
      "Models to compare with sequential (default threads,threads-gil,processes)", "IDS" },
    { NULL }
  };
  g_autoptr(LabWorkload) workload = NULL;
  g_auto(GStrv) ids = NULL;
  guint n_tasks;
  double rate;

  bench_parse_options (&argc, &argv, "CPU tasks, two per core: speedup against sequential.",
                       entries, &reps);
  if (n_cores <= 0)
    n_cores = (gint) lab_cpu_count ();
  if (per_core < 1 || task_ms < 1 || n_cores * per_core > LAB_MAX_TASKS)
    {
      g_printerr ("bench-cpu: --per-core and --task-ms must be positive\n");
      return 2;
    }

  n_tasks = (guint) (per_core * n_cores);
  workload = lab_workload_new_uniform (LAB_TASK_KIND_CPU, n_tasks, task_ms * LAB_NS_PER_MS);
  ids = g_strsplit (models_text, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    find_model (ids[i]);

  rate = lab_cpu_calibrate ();
  bench_note ("%u tasks of %d ms CPU on %d cores; calibration %.0f iterations/ms",
              n_tasks, task_ms, n_cores, rate);
  bench_sample ("cores", n_cores);

  for (guint rep = 0; rep < reps; rep++)
    {
      double sequential = run_span (&lab_model_sequential, workload, 1, rate);

      bench_sample ("cpu-sequential-s", sequential);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_autofree char *key = g_strdup_printf ("cpu-%s-speedup", ids[i]);
          double span = run_span (find_model (ids[i]), workload, (guint) n_cores, rate);

          bench_sample (key, sequential / span);
          bench_note ("rep %u: sequential %.3f s, %s %.3f s", rep, sequential, ids[i], span);
        }
    }
  return 0;
}
