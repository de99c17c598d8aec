/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-analysis.h"
#include "lab-trace.h"

G_BEGIN_DECLS

/**
 * LabVerdictOutcome:
 * @LAB_VERDICT_RIGHT: the measured time is within 10 % of the prediction
 * @LAB_VERDICT_FASTER: the run took less than predicted
 * @LAB_VERDICT_SLOWER: the run took more than predicted
 *
 * How a prediction compares with the measured total time.
 */
typedef enum
{
  LAB_VERDICT_RIGHT,
  LAB_VERDICT_FASTER,
  LAB_VERDICT_SLOWER,
} LabVerdictOutcome;

/**
 * LabVerdictReason:
 * @LAB_VERDICT_REASON_WAITS_OVERLAP: waiting time overlapped (the waits'
 *   task-time exceeds their wall time by a tenth of the run or more)
 * @LAB_VERDICT_REASON_CORES_AT_ONCE: several cores computed at the same
 *   time (busy cores above one saved a tenth of the run or more)
 * @LAB_VERDICT_REASON_LOCK: tasks waited for the lock (`waiting-lock`
 *   is a tenth or more of the tasks' time): one thread computed at a time
 * @LAB_VERDICT_REASON_STARTUP: starting worker processes and handing work
 *   over (`spawning`, `ipc` wall time) explains a good part of the
 *   difference
 * @LAB_VERDICT_REASON_LOOP_BLOCKED: one worker alone, tasks `ready`
 *   while it computed, and waits among them: a computation blocked the loop
 * @LAB_VERDICT_REASON_OVERSUBSCRIBED: `ready` (preempted) time with more
 *   workers than the cores measured busy at once: the OS sliced the cores
 * @LAB_VERDICT_REASON_CORES_LIMIT: several cores computed, but there were
 *   more computing tasks than cores: they took turns
 * @LAB_VERDICT_REASON_ONE_CORE: the computing ran on no more than about
 *   one core at a time
 * @LAB_VERDICT_REASON_PREEMPTED: `ready` (preempted) time with no more
 *   workers than cores: other programs took the cores
 * @LAB_VERDICT_REASON_WORKERS_LIMIT: a pool of workers kept the other
 *   tasks `queued` (a fifth or more of the tasks' time) and never had more
 *   in flight than it has workers: they waited their turn
 * @LAB_VERDICT_REASON_LONGEST_TASK: the waits overlapped, and no overlap
 *   can end the run before its longest task
 * @LAB_VERDICT_REASON_ONE_AFTER_ANOTHER: one task made progress at a time
 *   (for 0.8 or more of the run's progress time, see
 *   #LabTraceAnalysis.progress_serial_share): the times add up
 *
 * Which measured mechanism a verdict names. Chosen by
 * lab_verdict_judge() from the trace's #LabTraceAnalysis, never from the
 * model's id.
 */
typedef enum
{
  LAB_VERDICT_REASON_WAITS_OVERLAP,
  LAB_VERDICT_REASON_CORES_AT_ONCE,
  LAB_VERDICT_REASON_LOCK,
  LAB_VERDICT_REASON_STARTUP,
  LAB_VERDICT_REASON_LOOP_BLOCKED,
  LAB_VERDICT_REASON_OVERSUBSCRIBED,
  LAB_VERDICT_REASON_CORES_LIMIT,
  LAB_VERDICT_REASON_ONE_CORE,
  LAB_VERDICT_REASON_PREEMPTED,
  LAB_VERDICT_REASON_WORKERS_LIMIT,
  LAB_VERDICT_REASON_LONGEST_TASK,
  LAB_VERDICT_REASON_ONE_AFTER_ANOTHER,
  LAB_N_VERDICT_REASONS
} LabVerdictReason;

/**
 * LabVerdict:
 * @outcome: right, faster or slower than predicted
 * @reason: the mechanism that explains the measured time
 * @measured_ns: the trace's elapsed time
 * @predicted_ns: the prediction
 * @n_cores: for the wording: the most cores measured busy at once
 * @n_workers: for the wording: the workers that recorded segments, or, for
 *   @LAB_VERDICT_REASON_CORES_LIMIT, the tasks that compute
 * @cost_ns: for the wording: the wall time the reason cost (start-up and
 *   hand-over; the longest task)
 * @n_tasks: for the wording: the tasks of the workload
 * @spawning_ns: for the wording: the part of @cost_ns spent starting workers
 * @processes: for the wording: whether the workers are processes (tasks
 *   were handed to them or waited for them to start)
 *
 * A prediction judged against the measurement.
 */
typedef struct
{
  LabVerdictOutcome outcome;
  LabVerdictReason  reason;
  gint64            measured_ns;
  gint64            predicted_ns;
  guint             n_cores;
  guint             n_workers;
  gint64            cost_ns;
  guint             n_tasks;
  gint64            spawning_ns;
  gboolean          processes;
} LabVerdict;

gboolean    lab_verdict_available        (LabTrace         *trace,
                                          gint64            predicted_ns);
gboolean    lab_verdict_judge            (LabTrace         *trace,
                                          gint64            predicted_ns,
                                          LabVerdict       *out);
gboolean    lab_verdict_judge_analysis   (LabTrace               *trace,
                                          const LabTraceAnalysis *analysis,
                                          gint64                  predicted_ns,
                                          LabVerdict             *out);
char       *lab_verdict_to_string        (const LabVerdict *verdict);
char       *lab_verdict_explain          (const LabVerdict *verdict);
char       *lab_verdict_describe         (LabTrace         *trace,
                                          gint64            predicted_ns);
const char *lab_verdict_reason_to_string (LabVerdictReason  reason);

G_END_DECLS
