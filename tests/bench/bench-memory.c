/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "lab-clock.h"
#include "lab-comparison.h"
#include "lab-stats.h"
#include "lab-trace-json.h"

/*
 * bench-memory: what a recorded segment costs in memory.
 *
 * per-segment: the growth of the memory the process has reserved while
 *   one writer records N segments, divided by N: VmData, the heap and the
 *   private mappings, so that it counts malloc's blocks and the huge-page
 *   chunks a busy writer maps itself alike. Also the growth of the
 *   resident set over the same recording, which counts pages actually
 *   touched.
 * peak: a fresh process (one fork per repetition, so the high-water mark
 *   starts low) builds the trace a big run leaves: 100,000 tasks × 10
 *   segments = 1,000,000 segments on two writers, then computes the
 *   statistics the window shows (per trace and per task), then saves the
 *   comparison as JSON to a temporary folder (removed after). VmHWM, the
 *   process's peak resident set, is read after each step: the figures
 *   include everything the process holds (GLib, the workload, the
 *   per-task arrays, the copy of the segments the save sorts, the JSON
 *   text) — all of it, not just the segments.
 */

#define PEAK_TASKS    100000
#define PEAK_PER_TASK 10

/* A /proc/self/status field in kB, as bytes; 0 where unreadable. */
static gsize
status_bytes (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return 0;
  line = strstr (text, field);
  if (line == NULL)
    return 0;
  return (gsize) g_ascii_strtoull (line + strlen (field) + 1, NULL, 10) * 1024;
}

static void
record_segments (LabTrace *trace,
                 guint     n_writers,
                 guint     n_tasks,
                 guint     per_task,
                 gint64    begin_ns)
{
  /* A task's segments tile its time: queued, then running and waiting in
   * turn, 100 µs each, tasks staggered by 10 µs. */
  for (guint32 task = 0; task < n_tasks; task++)
    {
      LabTraceWriter *writer = lab_trace_get_writer (trace, task % n_writers);
      gint64 t = begin_ns + (gint64) task * 10 * LAB_NS_PER_US;

      for (guint k = 0; k < per_task; k++)
        {
          LabState state = k == 0 ? LAB_STATE_QUEUED
                                  : k % 2 == 1 ? LAB_STATE_RUNNING : LAB_STATE_WAITING_IO;

          lab_trace_writer_add (writer, task, state, state == LAB_STATE_RUNNING ? 0 : -1,
                                t, t + 100 * LAB_NS_PER_US);
          t += 100 * LAB_NS_PER_US;
        }
      lab_trace_task_done (trace, task);
    }
}

static void
bench_per_segment (guint n_segments,
                   guint reps)
{
  g_autoptr(LabWorkload) workload = lab_workload_new_uniform (LAB_TASK_KIND_IO, 1000,
                                                              LAB_NS_PER_S);

  for (guint rep = 0; rep < reps; rep++)
    {
      gsize heap_before, rss_before;
      LabTrace *trace;

      malloc_trim (0);
      heap_before = status_bytes ("VmData:");
      rss_before = status_bytes ("VmRSS:");
      trace = lab_trace_new ("event-loop", workload, 2);
      record_segments (trace, 1, 1000, n_segments / 1000, lab_clock_now_ns ());
      bench_sample ("memory-per-segment-bytes",
                    (double) (status_bytes ("VmData:") - heap_before) / n_segments);
      bench_sample ("memory-per-segment-rss-bytes",
                    (double) (status_bytes ("VmRSS:") - rss_before) / n_segments);
      lab_trace_unref (trace);
    }
}

static void
sample_peak (const char *key,
             const char *step)
{
  double mb = (double) status_bytes ("VmHWM:") / (1024.0 * 1024.0);

  bench_sample (key, mb);
  bench_note ("peak RSS after %s: %.1f MiB", step, mb);
}

static int
peak_once (void)
{
  g_autoptr(LabWorkload) workload = lab_workload_new_uniform (LAB_TASK_KIND_IO, PEAK_TASKS,
                                                              LAB_NS_PER_S);
  g_autoptr(LabComparison) comparison = lab_comparison_new (workload, 2);
  g_autoptr(LabTrace) trace = lab_trace_new ("event-loop", workload, 2);
  g_autoptr(GArray) task_stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  LabTraceStats stats;
  gint64 begin = lab_clock_now_ns ();
  GStatBuf st;

  sample_peak ("peak-rss-start-mb", "start-up");
  lab_trace_set_n_workers (trace, 2);
  lab_trace_begin (trace, begin);
  record_segments (trace, 2, PEAK_TASKS, PEAK_PER_TASK, begin);
  lab_trace_end (trace, begin + ((gint64) PEAK_TASKS * 10 + PEAK_PER_TASK * 100) * LAB_NS_PER_US);
  lab_comparison_add_trace (comparison, trace);
  sample_peak ("peak-rss-record-mb", "recording");

  lab_trace_compute_stats (trace, &stats);
  task_stats = lab_trace_compute_task_stats (trace);
  sample_peak ("peak-rss-stats-mb", "statistics");

  dir = g_dir_make_tmp ("lab-bench-XXXXXX", &error);
  if (dir == NULL)
    bench_fail ("a temporary folder", error);
  path = g_build_filename (dir, "trace.json", NULL);
  if (!lab_trace_json_save (comparison, path, &error))
    bench_fail ("saving", error);
  if (g_stat (path, &st) == 0)
    bench_note ("JSON file: %.1f MiB", (double) st.st_size / (1024.0 * 1024.0));
  g_unlink (path);
  g_rmdir (dir);
  sample_peak ("peak-rss-save-mb", "saving JSON");
  return 0;
}

/* One child per repetition: VmHWM only ever grows within a process. */
static void
bench_peak (guint reps)
{
  for (guint rep = 0; rep < reps; rep++)
    {
      int status = 0;
      pid_t child;

      fflush (stdout);
      child = fork ();
      if (child < 0)
        {
          perror ("bench-memory: fork");
          exit (1);
        }
      if (child == 0)
        {
          int code = peak_once ();

          fflush (stdout);
          _exit (code);
        }
      if (waitpid (child, &status, 0) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("bench-memory: the measuring process failed\n");
          exit (1);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  gint n_segments = 1000000;
  gboolean per_segment = FALSE;
  gboolean peak = FALSE;
  guint reps = 3;
  const GOptionEntry entries[] = {
    { "per-segment", 0, 0, G_OPTION_ARG_NONE, &per_segment, "Bytes per recorded segment", NULL },
    { "segments", 'n', 0, G_OPTION_ARG_INT, &n_segments, "Segments (default 1000000)", "N" },
    { "peak", 0, 0, G_OPTION_ARG_NONE, &peak, "Peak RSS for a 1,000,000-segment trace", NULL },
    { NULL }
  };

  bench_parse_options (&argc, &argv, "Memory per segment and peak RSS.", entries, &reps);
  if (n_segments < 1000)
    {
      g_printerr ("bench-memory: --segments must be at least 1000\n");
      return 2;
    }
  if (!per_segment && !peak)
    per_segment = peak = TRUE;

  /* Before any thread exists: fork() is then safe. */
  if (peak)
    bench_peak (reps);
  if (per_segment)
    bench_per_segment ((guint) n_segments, reps);
  return 0;
}
