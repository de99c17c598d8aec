/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-trace.h"

G_BEGIN_DECLS

/*
 * LabCpuMonitor samples the per-core lines of /proc/stat on its own thread
 * and adds each core's busy fraction over the interval to a trace
 * (lab_trace_add_utilization), so that the chart can show what the cores
 * really did, including work that is not ours. Where the file cannot be
 * read there are simply no samples.
 */

typedef struct _LabCpuMonitor LabCpuMonitor;

#define LAB_CPU_MONITOR_INTERVAL_NS (G_GINT64_CONSTANT (50) * G_GINT64_CONSTANT (1000000))

LabCpuMonitor *lab_cpu_monitor_start      (LabTrace      *trace,
                                           const char    *proc_stat_path);  /* NULL: /proc/stat */
LabCpuMonitor *lab_cpu_monitor_start_full (LabTrace      *trace,
                                           const char    *proc_stat_path,
                                           gint64         interval_ns);
/* Stops promptly (no waiting for the interval), joins the thread, frees. */
void           lab_cpu_monitor_stop       (LabCpuMonitor *monitor);
guint          lab_cpu_monitor_get_n_samples (LabCpuMonitor *monitor);

G_END_DECLS
