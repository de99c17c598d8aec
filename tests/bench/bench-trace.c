/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include <stdlib.h>

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-task-exec.h"

/*
 * bench-trace: what recording costs.
 *
 * record: lab_trace_writer_add() called millions of times into a fresh
 *   trace, so that the figure includes what a real run pays: the chunks
 *   being allocated and their pages first touched. Once on one thread,
 *   once on two threads at the same time, each with its own writer (no
 *   lock, no shared cache line: the second figure should equal the
 *   first). Timed in the recording thread's CPU time (user and system,
 *   so page faults count): on a machine others load, wall time would
 *   also count the time slices the OS gave to them.
 * overhead: the same CPU work run bare (lab_cpu_kernel for all the
 *   iterations at once) and through lab_exec_cpu() with a recorder into a
 *   trace (slices of 0.5 ms, clock and core reads after each, segments
 *   recorded), in alternating order; the figure is the traced run's extra
 *   time over the bare one, in thread CPU time (what the tracing itself
 *   costs) and in wall time (which also shows the machine's load).
 */

#define RECORD_TASKS 1000

typedef struct
{
  LabTraceWriter *writer;
  guint64         n;
  gint64          elapsed_ns;
} Recording;

static void
record_many (Recording *recording)
{
  LabTraceWriter *writer = recording->writer;
  gint64 begin = lab_clock_thread_cpu_ns ();

  for (guint64 i = 0; i < recording->n; i++)
    {
      gint64 t = (gint64) i * 16;

      lab_trace_writer_add (writer, (guint32) (i % RECORD_TASKS), LAB_STATE_RUNNING,
                            (gint) (i & 1), t, t + 10);
    }
  recording->elapsed_ns = lab_clock_thread_cpu_ns () - begin;
}

static gpointer
record_thread (gpointer data)
{
  record_many (data);
  return NULL;
}

static void
bench_record (LabWorkload *workload,
              guint64      n,
              guint        reps)
{
  for (guint rep = 0; rep < reps; rep++)
    {
      g_autoptr(LabTrace) trace = lab_trace_new ("bench", workload, 2);
      g_autoptr(LabTrace) shared = lab_trace_new ("bench", workload, 2);
      Recording one = { lab_trace_get_writer (trace, 0), n, 0 };
      Recording two[2] = {
        { lab_trace_get_writer (shared, 0), n, 0 },
        { lab_trace_get_writer (shared, 1), n, 0 },
      };
      GThread *threads[2];

      record_many (&one);
      bench_sample ("record-ns", (double) one.elapsed_ns / (double) n);

      for (guint i = 0; i < 2; i++)
        threads[i] = g_thread_new ("bench-record", record_thread, &two[i]);
      for (guint i = 0; i < 2; i++)
        g_thread_join (threads[i]);
      bench_sample ("record-2-threads-ns",
                    (double) (two[0].elapsed_ns + two[1].elapsed_ns) / (double) (2 * n));
      if (lab_trace_get_n_segments (trace) != n || lab_trace_get_n_segments (shared) != 2 * n)
        {
          g_printerr ("bench-trace: segments lost\n");
          exit (1);
        }
    }
}

static void
record_to_writer (gpointer  data,
                  guint32   task,
                  LabState  state,
                  gint      core,
                  gint64    begin_ns,
                  gint64    end_ns)
{
  lab_trace_writer_add (data, task, state, core, begin_ns, end_ns);
}

typedef struct
{
  gint64 wall_ns;
  gint64 cpu_ns;
} Timing;

static Timing
time_bare (guint64 iterations)
{
  guint64 state = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  gint64 wall = lab_clock_now_ns ();
  gint64 cpu = lab_clock_thread_cpu_ns ();

  lab_cpu_kernel (iterations, &state);
  return (Timing) { lab_clock_now_ns () - wall, lab_clock_thread_cpu_ns () - cpu };
}

static Timing
time_traced (LabWorkload *workload,
             guint64      iterations)
{
  g_autoptr(LabTrace) trace = lab_trace_new ("bench", workload, 2);
  LabRecorder recorder = { record_to_writer, lab_trace_get_writer (trace, 0) };
  gint64 wall = lab_clock_now_ns ();
  gint64 cpu = lab_clock_thread_cpu_ns ();

  lab_exec_cpu (&recorder, 0, iterations, NULL, NULL);
  return (Timing) { lab_clock_now_ns () - wall, lab_clock_thread_cpu_ns () - cpu };
}

static void
bench_overhead (LabWorkload *workload,
                gint         work_ms,
                guint        reps)
{
  guint64 iterations = lab_cpu_iterations_for (lab_cpu_calibrate (), work_ms * LAB_NS_PER_MS);

  time_bare (iterations / 4);  /* wakes the core up to its clock speed */
  for (guint rep = 0; rep < reps; rep++)
    {
      Timing bare, traced;

      /* Alternating which goes first evens out a drift in the machine's
       * load or clock speed over the pair. */
      if (rep % 2 == 0)
        {
          bare = time_bare (iterations);
          traced = time_traced (workload, iterations);
        }
      else
        {
          traced = time_traced (workload, iterations);
          bare = time_bare (iterations);
        }
      bench_sample ("overhead-cpu-pct", 100.0 * ((double) traced.cpu_ns / bare.cpu_ns - 1));
      bench_sample ("overhead-wall-pct", 100.0 * ((double) traced.wall_ns / bare.wall_ns - 1));
    }
}

int
main (int   argc,
      char *argv[])
{
  gint64 n = 2000000;
  gint work_ms = 200;
  gboolean record = FALSE;
  gboolean overhead = FALSE;
  guint reps = 7;
  const GOptionEntry entries[] = {
    { "record", 0, 0, G_OPTION_ARG_NONE, &record, "Time lab_trace_writer_add()", NULL },
    { "segments", 'n', 0, G_OPTION_ARG_INT64, &n, "Segments per repetition (default 2000000)",
      "N" },
    { "overhead", 0, 0, G_OPTION_ARG_NONE, &overhead, "Time CPU work with and without tracing",
      NULL },
    { "work-ms", 0, 0, G_OPTION_ARG_INT, &work_ms, "CPU work per run (default 200)", "MS" },
    { NULL }
  };
  g_autoptr(LabWorkload) workload = NULL;

  bench_parse_options (&argc, &argv, "The cost of recording segments.", entries, &reps);
  if (n < 1 || work_ms < 1)
    {
      g_printerr ("bench-trace: --segments and --work-ms must be positive\n");
      return 2;
    }
  if (!record && !overhead)
    record = overhead = TRUE;

  workload = lab_workload_new_uniform (LAB_TASK_KIND_CPU, RECORD_TASKS, LAB_NS_PER_MS);
  if (record)
    bench_record (workload, (guint64) n, reps);
  if (overhead)
    bench_overhead (workload, work_ms, reps);
  return 0;
}
