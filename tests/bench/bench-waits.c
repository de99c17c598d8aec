/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-cpu.h"
#include "lab-cpu-work.h"
#include "lab-memory-figures.h"

/*
 * bench-waits: what waiting costs in memory under a model, as the app
 * measures it: N waits of 1 s under --model (a worker per task unless
 * --workers says otherwise), with the memory sampler the runner starts,
 * at its own interval. The figures are the app's own (lab-memory-figures):
 * bytes per task in flight (the growth of the program and its workers
 * over the baseline, the trace's own records taken out), and per worker
 * process its RSS and PSS; beside them, the sampler's CPU time over the
 * run's wall time, the share of one core it took.
 *
 * --program PATH: the whole program instead, as a user runs it: PATH run
 * --kind io --tasks N --models MODEL --summary text -o chart.png, timed
 * from its start to its exit, its peak resident set from wait4().
 */

static void
measure_model (const LabModel *model,
               guint           n_tasks,
               guint           n_workers,
               gint            wait_ms,
               guint           reps)
{
  g_autoptr(LabWorkload) workload = lab_workload_new_uniform (LAB_TASK_KIND_IO, n_tasks,
                                                              wait_ms * LAB_NS_PER_MS);
  double rate = lab_cpu_calibrate ();
  char key[96];

  for (guint rep = 0; rep < reps; rep++)
    {
      g_autoptr(LabTrace) trace = lab_trace_new (model->id, workload, lab_cpu_count ());
      g_autoptr(GError) error = NULL;
      LabMemorySampler *memory;
      LabMemoryFigures f;
      double wall_s = 0;
      gint64 sampler_ns;

      /* As the runner does before a model. */
      malloc_trim (0);
      memory = lab_memory_sampler_start (trace, TRUE);
      if (!bench_run_model_into (model, trace, n_workers, rate, memory, &wall_s, &error))
        bench_fail (model->id, error);
      sampler_ns = lab_memory_sampler_get_cpu_ns (memory);
      lab_memory_sampler_stop (memory);
      lab_memory_figures_compute (trace, &f);
      if (!f.measured || f.per_task_bytes == LAB_MEMORY_NOT_MEASURED)
        bench_fail (model->id, NULL);

      g_snprintf (key, sizeof key, "waits-%s-%u-per-task-bytes", model->id, n_tasks);
      bench_sample (key, (double) f.per_task_bytes);
      if (f.max_workers > 0)
        {
          g_snprintf (key, sizeof key, "waits-%s-%u-per-worker-rss-mib", model->id, n_tasks);
          bench_sample (key, f.per_worker_rss_bytes / 1048576.0);
          g_snprintf (key, sizeof key, "waits-%s-%u-per-worker-pss-mib", model->id, n_tasks);
          bench_sample (key, f.per_worker_pss_bytes / 1048576.0);
        }
      g_snprintf (key, sizeof key, "waits-%s-%u-sampler-cpu-pct", model->id, n_tasks);
      bench_sample (key, 100.0 * (double) sampler_ns / (wall_s * LAB_NS_PER_S));
      bench_note ("rep %u: %.3f s wall, %u samples (%u gaps), %u tasks in flight, "
                  "baseline %.1f MiB, peak %.1f MiB RSS, %" G_GINT64_FORMAT " B a task, "
                  "%u workers, sampler %.2f ms of CPU",
                  rep, wall_s, f.n_samples, f.n_gaps, f.tasks_in_flight,
                  f.baseline_rss_bytes / 1048576.0, f.peak_rss_bytes / 1048576.0,
                  f.per_task_bytes, f.max_workers, sampler_ns / 1e6);
    }
}

static void
measure_program (const char     *program,
                 const LabModel *model,
                 guint           n_tasks,
                 gint            wait_ms,
                 guint           reps)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-waits-XXXXXX", NULL);
  g_autofree char *chart = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *tasks = g_strdup_printf ("%u", n_tasks);
  g_autofree char *duration = g_strdup_printf ("%dms", wait_ms);
  const char *argv[] = { program, "run", "--kind", "io", "--tasks", tasks, "--duration",
                         duration, "--models", model->id, "--summary", "text", "-o", chart,
                         NULL };
  char key[96];

  for (guint rep = 0; rep < reps; rep++)
    {
      g_autoptr(GError) error = NULL;
      struct rusage usage;
      GPid pid;
      int status;
      double begin = bench_now_s (), wall_s;

      if (!g_spawn_async (NULL, (char **) argv, NULL,
                          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                          &pid, &error))
        bench_fail (program, error);
      if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status)
          || WEXITSTATUS (status) != 0)
        bench_fail (program, NULL);
      wall_s = bench_now_s () - begin;
      g_snprintf (key, sizeof key, "program-%s-%u-wall-s", model->id, n_tasks);
      bench_sample (key, wall_s);
      /* ru_maxrss is in KiB on Linux. */
      g_snprintf (key, sizeof key, "program-%s-%u-peak-mb", model->id, n_tasks);
      bench_sample (key, usage.ru_maxrss / 1024.0);
      bench_note ("rep %u: %.2f s from start to exit, peak %.1f MiB", rep, wall_s,
                  usage.ru_maxrss / 1024.0);
    }
  g_unlink (chart);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *model_id = NULL;
  g_autofree char *program = NULL;
  gint n_tasks = 10000;
  gint n_workers = 0;
  gint wait_ms = 1000;
  guint reps = 3;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model_id, "The model (default event-loop)", "ID" },
    { "tasks", 'n', 0, G_OPTION_ARG_INT, &n_tasks, "Waits (default 10000)", "N" },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &n_workers, "Workers (default 0: one per task)", "N" },
    { "wait-ms", 0, 0, G_OPTION_ARG_INT, &wait_ms, "Each wait (default 1000)", "MS" },
    { "program", 0, 0, G_OPTION_ARG_FILENAME, &program, "Run this concurrency-lab instead",
      "PATH" },
    { NULL }
  };
  const LabModel *model;

  bench_parse_options (&argc, &argv, "What waiting costs in memory under a model.", entries,
                       &reps);
  model = lab_model_find (model_id != NULL ? model_id : "event-loop");
  if (model == NULL || n_tasks < 1 || n_tasks > LAB_MAX_TASKS || n_workers < 0 || wait_ms < 1)
    {
      g_printerr ("bench-waits: a known --model, --tasks 1 to %d, --workers and --wait-ms "
                  "positive\n", LAB_MAX_TASKS);
      return 2;
    }
  if (program != NULL)
    measure_program (program, model, (guint) n_tasks, wait_ms, reps);
  else
    measure_model (model, (guint) n_tasks, (guint) n_workers, wait_ms, reps);
  return 0;
}
