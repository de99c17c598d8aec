/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * LabObserved: who the tasks of an observed trace are.
 *
 * The lessons' traces run a workload: a task is a planned piece of work.
 * A trace of another program (`concurrency-lab trace`, or another tool's
 * trace file) has no plan: its tasks are the threads that were found
 * running, grouped by the process they belong to, and, where a language
 * runtime said so, the tasks of its event loop. The roster below names
 * them; the segments of the trace say what each did, as for any task.
 *
 * Processes and tasks are added while a program runs (threads come and
 * go), from one recording thread, and read from any thread: everything is
 * under one lock, and readers get copies. Task index i of the roster is
 * task i of the trace.
 */

#define LAB_TYPE_OBSERVED (lab_observed_get_type ())

typedef struct _LabObserved LabObserved;

/**
 * LabObservedKind:
 * @LAB_OBSERVED_THREAD: a thread of the kernel, measured from its counters
 * @LAB_OBSERVED_ASYNC_TASK: a task of an event loop inside a program
 *   (Python's asyncio), reported by that program's runtime
 * @LAB_OBSERVED_SPANS: a thread of another tool's trace file: spans of
 *   named work, and nothing known between them
 */
typedef enum
{
  LAB_OBSERVED_THREAD,
  LAB_OBSERVED_ASYNC_TASK,
  LAB_OBSERVED_SPANS,
  LAB_N_OBSERVED_KINDS
} LabObservedKind;

/**
 * LabObservedProcess:
 * @pid: its process id (in another tool's file: the id the file gives)
 * @parent: the index of the process that started it, or -1
 * @name: its short name (`/proc/PID/comm`, or the file's process name)
 * @command: its command line, arguments separated by spaces; may be empty
 * @begin_ns: when it was started, or first seen (CLOCK_MONOTONIC)
 * @end_ns: when it exited, or was last seen; 0 while it runs
 * @exit_status: how it ended, as waitpid() reports it; -1 where unknown
 *   (a grandchild is reaped by its own parent, not by the tracer)
 */
typedef struct
{
  gint32  pid;
  gint32  parent;
  char   *name;
  char   *command;
  gint64  begin_ns;
  gint64  end_ns;
  gint    exit_status;
} LabObservedProcess;

/**
 * LabObservedTask:
 * @kind: what the task is
 * @process: the index of its process
 * @tid: the thread id; for an async task, the thread its loop runs on
 * @name: its name (`/proc/…/comm` of a thread, an asyncio task's name)
 * @begin_ns: first seen
 * @end_ns: last seen (exited); 0 while it runs
 */
typedef struct
{
  LabObservedKind kind;
  guint32         process;
  gint32          tid;
  char           *name;
  gint64          begin_ns;
  gint64          end_ns;
} LabObservedTask;

/**
 * LabNamedSpan:
 * @begin_ns: its start
 * @end_ns: its end
 * @task: the task (lane) it belongs to
 * @depth: 0 for a span inside no other span of its task, 1 inside one, …
 * @name: index into the roster's names (lab_observed_dup_name())
 *
 * A piece of work another tool named ("ParseClass", "RunTask"), kept to
 * label the `running` segments it covers.
 */
typedef struct
{
  gint64  begin_ns;
  gint64  end_ns;
  guint32 task;
  guint16 depth;
  guint16 _pad;
  guint32 name;
  guint32 _pad2;
} LabNamedSpan;

/**
 * LabCounterSample:
 * @t_ns: when
 * @value: the value from then on
 */
typedef struct
{
  gint64 t_ns;
  double value;
} LabCounterSample;

/**
 * LabSamplingNote:
 * @rate_hz: the rate asked for (`--rate`)
 * @reads: the files read from `/proc`
 * @sampler_cpu_ns: the CPU time the sampler itself took
 * @median_interval_ns: the median time between two reads of a thread that
 *   ran: the time resolution of the lanes where something happened
 * @max_interval_ns: the longest time between two reads of one thread (a
 *   thread that stayed blocked is read less and less often)
 * @unreadable: threads whose wait could not be read (another user's
 *   process): their waits are left blank
 * @kernel_cpu_ns: the CPU time the kernel reported for the program when
 *   it was reaped (its processes and all they reaped); 0 where not known
 * @unseen_cpu_ns: the part of @kernel_cpu_ns no lane shows (what threads
 *   did after their last reading, processes that came and went between
 *   two looks); -1 where not known
 * @memory_cpu_ns: the CPU time measuring the processes' memory took, on
 *   a thread of its own beside the sampler; 0 where not known
 *
 * How a traced program was measured, so that the picture can say it.
 */
typedef struct
{
  guint   rate_hz;
  guint64 reads;
  gint64  sampler_cpu_ns;
  gint64  median_interval_ns;
  gint64  max_interval_ns;
  guint   unreadable;
  gint64  kernel_cpu_ns;
  gint64  unseen_cpu_ns;
  gint64  memory_cpu_ns;
} LabSamplingNote;

GType        lab_observed_get_type         (void) G_GNUC_CONST;
LabObserved *lab_observed_new              (void);
LabObserved *lab_observed_ref              (LabObserved            *self);
void         lab_observed_unref            (LabObserved            *self);

/* What was traced: the command as given, for the title ("python3 gil.py"). */
char        *lab_observed_dup_title        (LabObserved            *self);
void         lab_observed_set_title        (LabObserved            *self,
                                            const char             *title);

/* What the chart should say it left out ("not drawn: 12 events of other
 * kinds"); NULL: nothing. */
char        *lab_observed_dup_note         (LabObserved            *self);
void         lab_observed_set_note         (LabObserved            *self,
                                            const char             *note);

/* Processes */
guint        lab_observed_add_process      (LabObserved            *self,
                                            gint32                  pid,
                                            gint32                  parent,
                                            const char             *name,
                                            const char             *command,
                                            gint64                  begin_ns);
void         lab_observed_process_rename   (LabObserved            *self,
                                            guint                   process,
                                            const char             *name,
                                            const char             *command);
void         lab_observed_process_exited   (LabObserved            *self,
                                            guint                   process,
                                            gint64                  end_ns,
                                            gint                    exit_status);
guint        lab_observed_get_n_processes  (LabObserved            *self);
gboolean     lab_observed_copy_process     (LabObserved            *self,
                                            guint                   process,
                                            LabObservedProcess     *out);
void         lab_observed_process_clear    (LabObservedProcess     *process);

/* Tasks: added through lab_trace_add_observed_task(), which keeps the
 * trace's task count and the roster's in step (lab_trace_get_n_tasks()). */
/* A traced program's lanes were measured (CPU time, cores); another
 * tool's file gives spans of named work, neither. */
gboolean     lab_observed_is_measured      (LabObserved            *self);
gboolean     lab_observed_copy_task        (LabObserved            *self,
                                            guint32                 task,
                                            LabObservedTask        *out);
void         lab_observed_task_clear       (LabObservedTask        *task);
void         lab_observed_task_rename      (LabObserved            *self,
                                            guint32                 task,
                                            const char             *name);
void         lab_observed_task_ended       (LabObserved            *self,
                                            guint32                 task,
                                            gint64                  end_ns);
/* "python3 4711 · worker" — a lane's label, with its process. */
char        *lab_observed_dup_task_label   (LabObserved            *self,
                                            guint32                 task);

/* Named spans and names */
guint32      lab_observed_intern_name      (LabObserved            *self,
                                            const char             *name);
char        *lab_observed_dup_name         (LabObserved            *self,
                                            guint32                 name);
void         lab_observed_add_span         (LabObserved            *self,
                                            const LabNamedSpan     *span);
GArray      *lab_observed_copy_spans       (LabObserved            *self);  /* of LabNamedSpan, as added */

/* Counters (another tool's "C" events, a process's memory): one series
 * each, named, belonging to a process. */
guint        lab_observed_add_counter      (LabObserved            *self,
                                            guint                   process,
                                            const char             *name);
void         lab_observed_counter_add      (LabObserved            *self,
                                            guint                   counter,
                                            gint64                  t_ns,
                                            double                  value);
guint        lab_observed_get_n_counters   (LabObserved            *self);
char        *lab_observed_dup_counter_name (LabObserved            *self,
                                            guint                   counter,
                                            guint                  *out_process);
GArray      *lab_observed_copy_counter     (LabObserved            *self,
                                            guint                   counter);  /* of LabCounterSample */

/* The counters of a traced process's memory, in bytes (lab-process-memory.h). */
#define LAB_OBSERVED_COUNTER_RSS "rss_bytes"
#define LAB_OBSERVED_COUNTER_PSS "pss_bytes"
GArray      *lab_observed_dup_counter_peaks (LabObserved           *self,
                                             const char            *name);  /* of gint64, per process */

/* How it was measured (a traced program; zero for another tool's file). */
void         lab_observed_set_sampling     (LabObserved            *self,
                                            const LabSamplingNote  *note);
void         lab_observed_get_sampling     (LabObserved            *self,
                                            LabSamplingNote        *out);

const char  *lab_observed_kind_to_string   (LabObservedKind         kind);
gboolean     lab_observed_kind_from_string (const char             *text,
                                            LabObservedKind        *out_kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabObserved, lab_observed_unref)

G_END_DECLS
