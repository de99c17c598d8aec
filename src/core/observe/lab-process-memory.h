/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-memory-sampler.h"
#include "lab-proc-sampler.h"

G_BEGIN_DECLS

/*
 * LabProcessMemory measures what a traced program holds in memory, with
 * the memory sampler (lab-memory-sampler.h) on the processes the
 * LabProcSampler follows: the whole program in the trace's memory samples
 * (the memory layer and the summary's "memory"), and each process as two
 * counters of the roster, LAB_OBSERVED_COUNTER_RSS and _PSS (in bytes),
 * which fall to 0 when the process has gone.
 *
 * A process that starts and ends between two looks at the tree (every
 * LAB_MEMORY_SAMPLER_INTERVAL_NS or so) is not measured.
 */

typedef struct _LabProcessMemory LabProcessMemory;

LabProcessMemory *lab_process_memory_start  (LabTrace         *trace,
                                             LabProcSampler   *sampler,
                                             gint64            now_ns);
/* Measures the processes @sampler follows now, from the next sample on;
 * from the thread that drives @sampler. */
void              lab_process_memory_follow (LabProcessMemory *memory,
                                             LabProcSampler   *sampler,
                                             gint64            now_ns);
/* Stops measuring (promptly) and frees; returns the CPU time it took. */
gint64            lab_process_memory_stop   (LabProcessMemory *memory,
                                             gint64            end_ns);

G_END_DECLS
