/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-tracer.h"

/*
 * bench-sampler: what tracing a program from /proc costs, and whether its
 * lanes agree with the kernel.
 *
 * The traced program is this one, run again as a child (--child): 64
 * threads, of which BUSY share a fixed amount of work and the others
 * wait as a pool's idle workers do (a timed condition wait, waking ten
 * times a second). Each thread reads its own schedstat as it ends, and
 * the child writes the sum, with the wall time of its computing, to a
 * file.
 *
 * Per repetition the child runs twice, traced and not, in alternating
 * order, and the samples are:
 *   sampler-BUSY-cpu-pct       the sampler's own CPU time ÷ the trace's span
 *   sampler-BUSY-memory-cpu-pct what measuring the processes' memory took,
 *                              on its own thread, ÷ the trace's span
 *   sampler-BUSY-slowdown-pct  how much longer the computing took traced
 *   sampler-BUSY-cpu-growth-pct how much more CPU time the program took traced
 *   sampler-BUSY-interval-ms   the median time between two readings of a
 *                              thread that did something
 *   agree-running-pct          |lanes' running − the threads' CPU time from
 *                              schedstat| ÷ that CPU time
 *   agree-ready-pct            the same for ready against run-queue waits,
 *                              as a share of the CPU time (a small total)
 * for BUSY = 2 (the target: a pool of 64 with two at work) and 64 (every
 * thread computing: the worst case, where the sampler reads less often
 * to keep to its share of a core).
 */

#define N_THREADS 64
/* The whole program's computing, shared by its busy threads. */
#define WORK_MS 1200

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean stop;
  guint64  iterations;
  guint64  cpu_ns;       /* sums of every thread's schedstat at its end */
  guint64  delay_ns;
} Child;

static void
add_own_schedstat (Child *c)
{
  char buf[128];
  unsigned long long cpu = 0, delay = 0;
  int fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  gssize n = fd >= 0 ? read (fd, buf, sizeof buf - 1) : -1;

  if (fd >= 0)
    close (fd);
  if (n <= 0)
    return;
  buf[n] = '\0';
  if (sscanf (buf, "%llu %llu", &cpu, &delay) != 2)
    return;
  g_mutex_lock (&c->mutex);
  c->cpu_ns += cpu;
  c->delay_ns += delay;
  g_mutex_unlock (&c->mutex);
}

static gpointer
busy_thread (gpointer data)
{
  Child *c = data;
  guint64 state = 1;

  lab_cpu_kernel (c->iterations, &state);
  add_own_schedstat (c);
  return GUINT_TO_POINTER ((guint) (state & 1));
}

static gpointer
idle_thread (gpointer data)
{
  Child *c = data;

  g_mutex_lock (&c->mutex);
  while (!c->stop)
    g_cond_wait_until (&c->cond, &c->mutex, g_get_monotonic_time () + G_TIME_SPAN_SECOND / 10);
  g_mutex_unlock (&c->mutex);
  add_own_schedstat (c);
  return NULL;
}

static int
child_main (guint busy, double iterations_per_ms, const char *out)
{
  Child c = { 0 };
  GThread *threads[N_THREADS];
  gint64 begin, end;
  FILE *f;

  g_mutex_init (&c.mutex);
  g_cond_init (&c.cond);
  c.iterations = lab_cpu_iterations_for (iterations_per_ms, WORK_MS * LAB_NS_PER_MS / busy);
  for (guint i = busy; i < N_THREADS; i++)
    threads[i] = g_thread_new ("idle", idle_thread, &c);
  begin = lab_clock_now_ns ();
  for (guint i = 0; i < busy; i++)
    threads[i] = g_thread_new ("busy", busy_thread, &c);
  for (guint i = 0; i < busy; i++)
    g_thread_join (threads[i]);
  end = lab_clock_now_ns ();
  g_mutex_lock (&c.mutex);
  c.stop = TRUE;
  g_cond_broadcast (&c.cond);
  g_mutex_unlock (&c.mutex);
  for (guint i = busy; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  add_own_schedstat (&c);

  f = fopen (out, "w");
  if (f == NULL)
    return 1;
  fprintf (f, "%" G_GINT64_FORMAT " %llu %llu\n", end - begin, (unsigned long long) c.cpu_ns,
           (unsigned long long) c.delay_ns);
  return fclose (f) == 0 ? 0 : 1;
}

typedef struct
{
  gint64 compute_ns;
  gint64 cpu_ns;
  gint64 delay_ns;
} Report;

static gboolean
read_report (const char *path,
             Report     *r)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL)
         && sscanf (text, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                    &r->compute_ns, &r->cpu_ns, &r->delay_ns) == 3;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(LabComparison **) user_data = lab_tracer_wait_finish (LAB_TRACER (source), result, NULL);
}

/* The child traced; its comparison, or NULL. */
static LabComparison *
run_traced (char **argv)
{
  g_autoptr(LabTracer) tracer = lab_tracer_new ((const char * const *) argv);
  g_autoptr(GError) error = NULL;
  LabComparison *comparison = NULL;

  if (!lab_tracer_start (tracer, &error))
    bench_fail ("starting the traced program", error);
  lab_tracer_wait_async (tracer, NULL, on_done_cb, &comparison);
  while (comparison == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (lab_tracer_get_exit_code (tracer) != 0)
    {
      g_printerr ("the traced program failed\n");
      exit (1);
    }
  return comparison;
}

static void
run_plain (char **argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error))
    bench_fail ("starting the program", error);
  if (!g_spawn_check_wait_status (status, &error))
    bench_fail ("the program", error);
}

static void
lanes_totals (LabTrace *trace,
              gint64   *running,
              gint64   *ready)
{
  g_autoptr(GArray) segments = lab_trace_copy_segments (trace);

  *running = *ready = 0;
  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, i);

      if (s->state == LAB_STATE_RUNNING)
        *running += s->end_ns - s->begin_ns;
      else if (s->state == LAB_STATE_READY)
        *ready += s->end_ns - s->begin_ns;
    }
}

static void
measure (const char *self,
         guint       busy,
         double      iterations_per_ms,
         gboolean    traced_first)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-bench-sampler-XXXXXX", NULL);
  g_autofree char *plain_out = g_build_filename (dir, "plain", NULL);
  g_autofree char *traced_out = g_build_filename (dir, "traced", NULL);
  g_autofree char *busy_text = g_strdup_printf ("%u", busy);
  g_autofree char *ipms = g_strdup_printf ("%.6f", iterations_per_ms);
  char *plain_argv[] = { (char *) self, "--child", busy_text, ipms, plain_out, NULL };
  char *traced_argv[] = { (char *) self, "--child", busy_text, ipms, traced_out, NULL };
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(LabTrace) trace = NULL;
  LabSamplingNote note;
  Report plain, traced;
  gint64 running, ready, span;
  char key[64];

  if (!traced_first)
    run_plain (plain_argv);
  comparison = run_traced (traced_argv);
  if (traced_first)
    run_plain (plain_argv);
  if (!read_report (plain_out, &plain) || !read_report (traced_out, &traced))
    {
      g_printerr ("the program wrote no report\n");
      exit (1);
    }
  g_unlink (plain_out);
  g_unlink (traced_out);
  g_rmdir (dir);

  trace = lab_comparison_dup_trace (comparison, 0);
  lab_observed_get_sampling (lab_trace_get_observed (trace), &note);
  span = lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace);
  lanes_totals (trace, &running, &ready);

  g_snprintf (key, sizeof key, "sampler-%u-cpu-pct", busy);
  bench_sample (key, 100.0 * (double) note.sampler_cpu_ns / (double) span);
  /* The memory of its processes, on a thread of its own: apart. */
  g_snprintf (key, sizeof key, "sampler-%u-memory-cpu-pct", busy);
  bench_sample (key, 100.0 * (double) note.memory_cpu_ns / (double) span);
  g_snprintf (key, sizeof key, "sampler-%u-slowdown-pct", busy);
  bench_sample (key, 100.0 * ((double) traced.compute_ns / (double) plain.compute_ns - 1.0));
  g_snprintf (key, sizeof key, "sampler-%u-cpu-growth-pct", busy);
  bench_sample (key, 100.0 * ((double) traced.cpu_ns / (double) plain.cpu_ns - 1.0));
  g_snprintf (key, sizeof key, "sampler-%u-interval-ms", busy);
  bench_sample (key, (double) note.median_interval_ns / 1e6);
  if (busy == 2)
    {
      bench_sample ("agree-running-pct",
                    100.0 * fabs ((double) (running - traced.cpu_ns)) / (double) traced.cpu_ns);
      bench_sample ("agree-ready-pct",
                    100.0 * fabs ((double) (ready - traced.delay_ns)) / (double) traced.cpu_ns);
    }
  bench_note ("%u busy: lanes ran %.3f s (kernel %.3f s), ready %.3f s (kernel %.3f s); "
              "sampler %.2f %% of a core, %" G_GUINT64_FORMAT " reads, readings %.2f ms apart",
              busy, running / 1e9, traced.cpu_ns / 1e9, ready / 1e9, traced.delay_ns / 1e9,
              100.0 * (double) note.sampler_cpu_ns / (double) span, note.reads,
              note.median_interval_ns / 1e6);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  guint reps = 5;
  double ipms;

  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return child_main (CLAMP ((guint) atoi (argv[2]), 1, N_THREADS), g_ascii_strtod (argv[3], NULL),
                       argv[4]);

  bench_parse_options (&argc, &argv, "What tracing a program of 64 threads costs, and whether "
                       "its lanes agree with the kernel", NULL, &reps);
  ipms = lab_cpu_calibrate ();
  for (guint r = 0; r < reps; r++)
    {
      measure (self, 2, ipms, r % 2 == 0);
      measure (self, N_THREADS, ipms, r % 2 == 1);
    }
  return 0;
}
