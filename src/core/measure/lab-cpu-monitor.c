/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cpu-monitor"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lab-clock.h"
#include "lab-cpu-monitor.h"

/* More cores than this in /proc/stat are ignored (the segment's core
 * field and the file format share the limit). */
#define MAX_CORES 1024

typedef struct
{
  guint64 busy;
  guint64 total;
} CoreTimes;

struct _LabCpuMonitor
{
  LabTrace *trace;
  char     *path;
  gint64    interval_ns;
  GThread  *thread;
  GMutex    mutex;
  GCond     cond;
  gboolean  stopping;
  guint     n_samples;  /* under the mutex */
};

/* Reads the "cpuN user nice system idle iowait irq softirq steal ..."
 * lines. Idle and iowait count as not busy; guest time is already part of
 * user time, so the first eight fields make the total. Returns NULL when
 * the file cannot be read or has no per-core line. */
static GArray *
read_core_times (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GArray) cores = g_array_new (FALSE, TRUE, sizeof (CoreTimes));
  char *line;
  char *save = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  for (line = strtok_r (contents, "\n", &save); line != NULL; line = strtok_r (NULL, "\n", &save))
    {
      guint64 fields[8] = { 0 };
      CoreTimes *times;
      char *p = line + 3;
      char *end;
      guint64 index;
      guint n_fields = 0;

      if (strncmp (line, "cpu", 3) != 0 || !g_ascii_isdigit (*p))
        continue;
      index = g_ascii_strtoull (p, &end, 10);
      if (end == p || index >= MAX_CORES)
        continue;
      p = end;
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          fields[i] = g_ascii_strtoull (p, &end, 10);
          if (end == p)
            break;
          p = end;
          n_fields++;
        }
      /* Without the idle field there is no busy fraction to measure; a
       * line of zeros would draw an idle core that was never sampled. */
      if (n_fields < 4)
        continue;

      if (index >= cores->len)
        g_array_set_size (cores, (guint) index + 1);
      times = &g_array_index (cores, CoreTimes, index);
      times->total = 0;
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        times->total += fields[i];
      times->busy = times->total - fields[3] - fields[4];
    }

  return cores->len > 0 ? g_steal_pointer (&cores) : NULL;
}

static void
add_sample (LabCpuMonitor *self,
            GArray        *before,
            GArray        *after)
{
  guint n = MIN (before->len, after->len);
  g_autofree float *busy = g_new0 (float, n);

  for (guint i = 0; i < n; i++)
    {
      const CoreTimes *a = &g_array_index (before, CoreTimes, i);
      const CoreTimes *b = &g_array_index (after, CoreTimes, i);

      /* Counters only grow; a core that went offline and back may reset. */
      if (b->total > a->total && b->busy >= a->busy)
        busy[i] = (float) ((double) (b->busy - a->busy) / (double) (b->total - a->total));
    }
  lab_trace_add_utilization (self->trace, lab_clock_now_ns (), n, busy);

  g_mutex_lock (&self->mutex);
  self->n_samples++;
  g_mutex_unlock (&self->mutex);
}

static gpointer
monitor_thread (gpointer data)
{
  LabCpuMonitor *self = data;
  g_autoptr(GArray) previous = read_core_times (self->path);
  gint64 deadline = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      g_autoptr(GArray) current = NULL;

      /* Absolute deadlines keep the period steady; the cond makes stop
       * immediate. */
      deadline += self->interval_ns / 1000;
      while (!self->stopping && g_cond_wait_until (&self->cond, &self->mutex, deadline))
        ;
      if (self->stopping)
        break;
      g_mutex_unlock (&self->mutex);

      current = read_core_times (self->path);
      if (previous != NULL && current != NULL)
        add_sample (self, previous, current);
      g_clear_pointer (&previous, g_array_unref);
      previous = g_steal_pointer (&current);

      g_mutex_lock (&self->mutex);
      /* After a stall (a suspended machine), restart the period from now
       * instead of sampling in a burst. */
      deadline = MAX (deadline, g_get_monotonic_time () - self->interval_ns / 1000);
    }
  g_mutex_unlock (&self->mutex);
  return NULL;
}

/**
 * lab_cpu_monitor_start_full:
 * @trace: where the samples go
 * @proc_stat_path: (nullable): the file to read; %NULL for /proc/stat
 * @interval_ns: the sampling period, at least 1 ms
 *
 * Returns: (transfer full): the running monitor; stop it with
 *   lab_cpu_monitor_stop()
 */
LabCpuMonitor *
lab_cpu_monitor_start_full (LabTrace   *trace,
                            const char *proc_stat_path,
                            gint64      interval_ns)
{
  LabCpuMonitor *self;

  g_return_val_if_fail (trace != NULL, NULL);

  self = g_new0 (LabCpuMonitor, 1);
  self->trace = lab_trace_ref (trace);
  self->path = g_strdup (proc_stat_path != NULL ? proc_stat_path : "/proc/stat");
  self->interval_ns = MAX (interval_ns, LAB_NS_PER_MS);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("lab-cpu-monitor", monitor_thread, self);
  return self;
}

/**
 * lab_cpu_monitor_start:
 * @trace: where the samples go
 * @proc_stat_path: (nullable): the file to read; %NULL for /proc/stat
 *
 * Samples every 50 ms until lab_cpu_monitor_stop().
 *
 * Returns: (transfer full): the running monitor
 */
LabCpuMonitor *
lab_cpu_monitor_start (LabTrace   *trace,
                       const char *proc_stat_path)
{
  return lab_cpu_monitor_start_full (trace, proc_stat_path, LAB_CPU_MONITOR_INTERVAL_NS);
}

/**
 * lab_cpu_monitor_get_n_samples:
 * @monitor: a monitor
 *
 * Returns: the samples added to the trace so far
 */
guint
lab_cpu_monitor_get_n_samples (LabCpuMonitor *monitor)
{
  guint n;

  g_return_val_if_fail (monitor != NULL, 0);

  g_mutex_lock (&monitor->mutex);
  n = monitor->n_samples;
  g_mutex_unlock (&monitor->mutex);
  return n;
}

/**
 * lab_cpu_monitor_stop:
 * @monitor: (transfer full): a monitor
 *
 * Wakes the sampling thread at once, joins it and frees @monitor.
 */
void
lab_cpu_monitor_stop (LabCpuMonitor *monitor)
{
  g_return_if_fail (monitor != NULL);

  g_mutex_lock (&monitor->mutex);
  monitor->stopping = TRUE;
  g_cond_signal (&monitor->cond);
  g_mutex_unlock (&monitor->mutex);
  g_thread_join (monitor->thread);

  g_mutex_clear (&monitor->mutex);
  g_cond_clear (&monitor->cond);
  lab_trace_unref (monitor->trace);
  g_free (monitor->path);
  g_free (monitor);
}
