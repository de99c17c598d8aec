/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-trace.h"

G_BEGIN_DECLS

/*
 * LabMemorySampler measures, on its own thread, what this program and a
 * set of other processes (the pool's workers, or the processes of a
 * traced program) hold in memory, and adds a LabMemorySample to a trace
 * at each interval. The set of processes may change while it runs.
 *
 * Each process is read from /proc/PID/smaps_rollup (resident and
 * proportional set size), else /proc/PID/smaps, else /proc/PID/statm
 * (resident only), and each sample says which. A process that cannot be
 * read, or vanishes while it is read, never fails anything: that sample
 * is recorded as a gap. Reading smaps_rollup walks the page tables, so it
 * costs more the more memory is measured: the sampler stretches its
 * interval so that it never uses more than 1/LAB_MEMORY_SAMPLER_BUDGET of
 * a core.
 */

typedef struct _LabMemorySampler LabMemorySampler;

#define LAB_MEMORY_SAMPLER_INTERVAL_NS (G_GINT64_CONSTANT (50) * G_GINT64_CONSTANT (1000000))
/* The interval is at least this many times what the last sample cost. */
#define LAB_MEMORY_SAMPLER_BUDGET 200

/**
 * LabMemoryReading:
 * @rss_bytes: resident set size
 * @pss_bytes: proportional set size, or %LAB_MEMORY_NOT_MEASURED (statm)
 * @source: the file it was read from
 *
 * One process's memory at one moment.
 */
typedef struct
{
  gint64          rss_bytes;
  gint64          pss_bytes;
  LabMemorySource source;
} LabMemoryReading;

gboolean          lab_memory_read_process        (const char        *proc_root,
                                                  GPid               pid,
                                                  LabMemorySource    best,
                                                  LabMemoryReading  *out);

/* Called on the sampling thread with each process's reading, at the
 * time of the sample it is part of. */
typedef void (*LabMemoryReadingFunc) (GPid                    pid,
                                      gint64                  t_ns,
                                      const LabMemoryReading *reading,
                                      gpointer                user_data);

LabMemorySampler *lab_memory_sampler_start       (LabTrace          *trace,
                                                  gboolean           include_self);
LabMemorySampler *lab_memory_sampler_start_full  (LabTrace          *trace,
                                                  const char        *proc_root,
                                                  gboolean           include_self,
                                                  gint64             interval_ns);
/* A traced program: its processes only (not this one), which may end
 * at any time; one that ended holds nothing and is no gap. */
LabMemorySampler *lab_memory_sampler_start_tree  (LabTrace             *trace,
                                                  const char           *proc_root,
                                                  GArray               *pids,
                                                  LabMemoryReadingFunc  func,
                                                  gpointer              user_data);
void              lab_memory_sampler_set_pids    (LabMemorySampler  *sampler,
                                                  GArray            *pids);
void              lab_memory_sampler_add_pid     (LabMemorySampler  *sampler,
                                                  GPid               pid);
void              lab_memory_sampler_remove_pid  (LabMemorySampler  *sampler,
                                                  GPid               pid);
/* Stops promptly (no waiting for the interval), joins the thread, frees. */
void              lab_memory_sampler_stop        (LabMemorySampler  *sampler);
/* The same; a traced program's takes its last sample, stamped @end_ns. */
void              lab_memory_sampler_stop_at     (LabMemorySampler  *sampler,
                                                  gint64             end_ns);
guint             lab_memory_sampler_get_n_samples (LabMemorySampler *sampler);
/* The CPU time the sampling thread has used so far. */
gint64            lab_memory_sampler_get_cpu_ns  (LabMemorySampler  *sampler);

G_END_DECLS
