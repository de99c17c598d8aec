/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-runner.h"

void
bench_sample (const char *key,
              double      value)
{
  /* "C" numbers whatever the locale: the driver parses them. */
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.9g", value);
  printf ("sample %s %s\n", key, number);
  fflush (stdout);
}

void
bench_note (const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  fputs ("# ", stdout);
  vprintf (format, args);
  fputc ('\n', stdout);
  fflush (stdout);
  va_end (args);
}

G_NORETURN void
bench_fail (const char   *what,
            const GError *error)
{
  fprintf (stderr, "%s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

void
bench_parse_options (int                 *argc,
                     char              ***argv,
                     const char          *summary,
                     const GOptionEntry  *entries,
                     guint               *reps)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  gint n = (gint) *reps;
  const GOptionEntry common[] = {
    { "reps", 'r', 0, G_OPTION_ARG_INT, &n, "Repetitions (default depends on the figure)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common, NULL);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    bench_fail (g_get_prgname (), error);
  if (n < 1 || n > 1000)
    {
      fprintf (stderr, "%s: --reps must be 1 to 1000\n", g_get_prgname ());
      exit (2);
    }
  *reps = (guint) n;
}

double
bench_now_s (void)
{
  return (double) lab_clock_now_ns () / (double) LAB_NS_PER_S;
}

double
bench_trace_elapsed_s (LabTrace *trace)
{
  return (double) (lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace))
         / (double) LAB_NS_PER_S;
}

/* A run in which a task did not finish measured something else. */
static gboolean
check_all_done (LabTrace  *trace,
                GError   **error)
{
  guint n = lab_workload_get_n_tasks (lab_trace_get_workload (trace));

  for (guint32 task = 0; task < n; task++)
    {
      LabTaskStatus status = lab_trace_task_get_status (trace, task);

      if (status != LAB_TASK_STATUS_DONE)
        {
          const char *reason = lab_trace_task_get_reason (trace, task);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: task %u is %s%s%s",
                       lab_trace_get_model_id (trace), task, lab_task_status_to_string (status),
                       reason != NULL ? ": " : "", reason != NULL ? reason : "");
          return FALSE;
        }
    }
  return TRUE;
}

LabTrace *
bench_run_model (const LabModel  *model,
                 LabWorkload     *workload,
                 guint            n_workers,
                 double           iterations_per_ms,
                 double          *out_wall_s,
                 GError         **error)
{
  g_autoptr(LabTrace) trace = NULL;

  g_return_val_if_fail (model != NULL && workload != NULL, NULL);

  trace = lab_trace_new (model->id, workload, lab_cpu_count ());
  if (!bench_run_model_into (model, trace, n_workers, iterations_per_ms, NULL, out_wall_s,
                             error))
    return NULL;
  return g_steal_pointer (&trace);
}

gboolean
bench_run_model_into (const LabModel   *model,
                      LabTrace         *trace,
                      guint             n_workers,
                      double            iterations_per_ms,
                      LabMemorySampler *memory,
                      double           *out_wall_s,
                      GError          **error)
{
  LabModelContext ctx = { 0 };
  double begin;

  g_return_val_if_fail (model != NULL && trace != NULL, FALSE);

  ctx.workload = lab_trace_get_workload (trace);
  ctx.trace = trace;
  ctx.n_workers = n_workers;
  ctx.switch_interval_ns = 5 * LAB_NS_PER_MS;
  ctx.iterations_per_ms = iterations_per_ms;
  ctx.worker_path = lab_worker_find_path ();
  ctx.memory = memory;

  begin = bench_now_s ();
  if (!model->run (&ctx, error))
    return FALSE;
  if (out_wall_s != NULL)
    *out_wall_s = bench_now_s () - begin;
  return check_all_done (trace, error);
}
