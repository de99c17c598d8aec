/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/**
 * LabFlightStep:
 * @t_ns: where the step starts, relative to the trace's begin (or, before
 *   the trace has one, to its first segment)
 * @in_flight: tasks begun and not yet finished from @t_ns on: a task is in
 *   flight from the begin of its first segment that is not `queued` to the
 *   end of its last segment
 * @busy: distinct cores with a `running` segment from @t_ns on (a running
 *   segment whose core is unknown counts as one more core)
 *
 * One step of the in-flight and busy curves: the values hold from @t_ns
 * until the next step's @t_ns. Measured from the segments only.
 */
typedef struct
{
  gint64 t_ns;
  guint  in_flight;
  guint  busy;
} LabFlightStep;

/**
 * LabTraceAnalysis:
 * @span_ns: the time analysed: the trace's elapsed time, or, while it
 *   records, up to its live edge (or its last segment, if that is later)
 * @mean_busy: busy cores averaged over @span_ns
 * @mean_in_flight: tasks in flight averaged over @span_ns
 * @max_busy: the most cores busy at once
 * @max_in_flight: the most tasks in flight at once
 * @usable_cores: N, the cores the run could use: min (cores, tasks), at
 *   least 1, a what-if core limit counted; not the model's workers, so that
 *   a model that computes on one thread shows the cores it left idle
 * @has_cpu_work: whether the workload computes at all (cpu or mixed tasks)
 * @has_waits: whether the workload waits at all (io or mixed tasks)
 * @n_workers_seen: the distinct workers (threads or processes of the
 *   model) that recorded a segment: 1 for an event loop alone
 * @progress_ns: wall time during which at least one task made progress,
 *   that is was `running` or `waiting-io`; `waiting-lock`, `ready`,
 *   `queued`, `spawning` and `ipc` are not progress
 * @serial_ns: the part of @progress_ns during which exactly one task made
 *   progress
 * @progress_serial_share: @serial_ns ÷ @progress_ns: how much of the run
 *   one task alone moved on (the verdicts' "one after another"); NAN when
 *   nothing made progress. Not Amdahl's serial fraction: that one is of
 *   the work, not of the run's time
 * @work_cpu_ns: W, the computing work measured: ∫ p dt, with p(t) the
 *   tasks `running` at t counted up to @usable_cores (a slice measured a
 *   little late cannot make more tasks compute than there are cores)
 * @work_wait_ns: the waiting measured: ∫ q dt, with q(t) the tasks
 *   `waiting-io` at t (waits overlap without bound)
 * @cpu_wall_ns: wall time with at least one task computing
 * @cpu_serial_ns: Ws, wall time with exactly one task computing
 * @serial_fraction: Amdahl's s, the serial share of the work: Ws ÷ W;
 *   NAN where @amdahl_limit is
 * @amdahl_limit: the speedup Amdahl's law allows this work on N =
 *   @usable_cores: W ÷ (Ws + (W − Ws) ÷ N). Never below W ÷ @span_ns, the
 *   speedup measured with the same W. NAN unless the workload only
 *   computes, N is 2 or more, more than one worker computed and the trace
 *   is complete (lab_trace_is_complete())
 * @task_ns: all the task-time recorded: the sum of every segment's length
 * @state_ns: task-time per #LabState, summed over all tasks
 * @state_share: @state_ns ÷ @task_ns per state (0 where @task_ns is 0):
 *   the share of the tasks' time spent in each state
 * @state_wall_ns: per state, the wall time during which at least one task
 *   was in that state
 * @overhead_share: the share of the tasks' time spent starting worker
 *   processes or handing work over (`spawning` + `ipc`)
 * @overhead_wall_ns: wall time during which at least one task was
 *   `spawning` or in `ipc`: what starting and feeding the workers cost the
 *   run
 *
 * Measured figures of one trace, computed by lab_analysis_compute() from
 * its segments (never from the plan), finished or still recording.
 */
typedef struct
{
  gint64   span_ns;
  double   mean_busy;
  double   mean_in_flight;
  guint    max_busy;
  guint    max_in_flight;
  guint    usable_cores;
  gboolean has_cpu_work;
  gboolean has_waits;
  guint    n_workers_seen;
  gint64   progress_ns;
  gint64   serial_ns;
  double   progress_serial_share;
  gint64   work_cpu_ns;
  gint64   work_wait_ns;
  gint64   cpu_wall_ns;
  gint64   cpu_serial_ns;
  double   serial_fraction;
  double   amdahl_limit;
  gint64   task_ns;
  gint64   state_ns[LAB_N_STATES];
  double   state_share[LAB_N_STATES];
  gint64   state_wall_ns[LAB_N_STATES];
  double   overhead_share;
  gint64   overhead_wall_ns;
} LabTraceAnalysis;

GArray  *lab_analysis_flight_steps (LabTrace         *trace);
void     lab_analysis_compute      (LabTrace         *trace,
                                    LabTraceAnalysis *out);
double   lab_analysis_amdahl       (double            serial_fraction,
                                    guint             n);

G_END_DECLS
