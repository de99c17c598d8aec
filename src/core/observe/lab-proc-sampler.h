/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/*
 * LabProcSampler: follows a tree of processes through `/proc` and records
 * every thread of it as a task of an observed trace.
 *
 * One thread drives it, calling lab_proc_sampler_tick() when the next
 * thread is due (lab_proc_sampler_get_next_due()); everything it records
 * is readable live through the trace. Per tick it reads each thread that
 * is due (lab-thread-ledger.h lays the
 * readings out as segments), and looks for new threads and new child
 * processes only in processes that ran since the last look: a process
 * that did not run cannot have started anything. Children are read only
 * when the system gave out a pid since the last look.
 *
 * What it costs is kept low by reading little: a thread that stayed
 * asleep, or woke for a moment and sleeps again, is read less and less
 * often (up to LAB_PROC_SAMPLER_MAX_SKIP_NS apart, further in a program
 * of many threads), its wait is read only when its counters moved, and
 * its core only when it was put on a core again. If the sampler still takes more
 * than its share of a core (many threads all busy), every thread is read
 * less often; the sampling note of the trace says how often they were.
 */

typedef struct _LabProcSampler LabProcSampler;

/* The longest a thread that stays asleep goes unread, in a program of a
 * few threads. */
#define LAB_PROC_SAMPLER_MAX_SKIP_NS (16 * G_GINT64_CONSTANT (1000000))
/* The share of one core the sampler stays under, reading less often when
 * it would take more. */
#define LAB_PROC_SAMPLER_CPU_SHARE 0.02

LabProcSampler *lab_proc_sampler_new            (LabTrace       *trace,
                                                 guint           rate_hz);
void            lab_proc_sampler_free           (LabProcSampler *sampler);

/* The process the tracer started: followed with everything it starts.
 * Returns FALSE when it is already gone. */
gboolean        lab_proc_sampler_add_root       (LabProcSampler *sampler,
                                                 gint32          pid,
                                                 gint64          begin_ns);
/* A process that is a child of the tracer itself (an orphan of the traced
 * tree, reparented to the tracer as a subreaper): followed if not yet. */
void            lab_proc_sampler_adopt          (LabProcSampler *sampler,
                                                 gint32          pid,
                                                 gint64          t_ns);
/* One round of reading, at @now_ns. Returns the processes still alive. */
guint           lab_proc_sampler_tick           (LabProcSampler *sampler,
                                                 gint64          now_ns);
/* When the next thread is due; G_MAXINT64 when none is followed. */
gint64          lab_proc_sampler_get_next_due   (LabProcSampler *sampler);
/* A process of the tracer's own that ended and is not reaped yet: its
 * threads' last counters are read now, and its lanes end. */
void            lab_proc_sampler_process_ending (LabProcSampler *sampler,
                                                 gint32          pid,
                                                 gint64          now_ns);
/* A process the tracer reaped: how it ended. */
void            lab_proc_sampler_process_exited (LabProcSampler *sampler,
                                                 gint32          pid,
                                                 gint            wait_status,
                                                 gint64          t_ns);
/* The pids of the processes still followed. */
GArray         *lab_proc_sampler_dup_pids       (LabProcSampler *sampler);
/* Sends @signum to every process still followed, each only if it is still
 * the process that was followed (never to a pid reused meanwhile).
 * Returns how many were signalled. */
guint           lab_proc_sampler_signal_all     (LabProcSampler *sampler,
                                                 int             signum);
/* The roster index of process @pid (running or ended), or G_MAXUINT. */
guint           lab_proc_sampler_find_process   (LabProcSampler *sampler,
                                                 gint32          pid);
/* The writer the sampler records with: for whoever records on its thread. */
LabTraceWriter *lab_proc_sampler_get_writer     (LabProcSampler *sampler);
/* The task of thread @tid, or G_MAXUINT32. */
guint32         lab_proc_sampler_find_task      (LabProcSampler *sampler,
                                                 gint32          tid);
/* The lanes end at their last reading; the sampling note is written,
 * with @kernel_cpu_ns the CPU time the kernel reported for the processes
 * the tracer reaped (0: not known). */
void            lab_proc_sampler_finish         (LabProcSampler *sampler,
                                                 gint64          end_ns,
                                                 gint64          kernel_cpu_ns);

G_END_DECLS
