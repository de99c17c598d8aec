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
 * @usable_cores: min (cores, workers, tasks), at least 1 (workers 0 means
 *   one per task), as lab_workload_usable_cores()
 * @has_cpu_work: whether the workload computes at all (cpu or mixed tasks)
 * @n_workers_seen: the distinct workers (threads or processes of the
 *   model) that recorded a segment: 1 for an event loop alone
 * @progress_ns: wall time during which at least one task made progress,
 *   that is was `running` or `waiting-io`; `waiting-lock`, `ready`,
 *   `queued`, `spawning` and `ipc` are not progress
 * @serial_ns: the part of @progress_ns during which exactly one task made
 *   progress
 * @serial_fraction: s = @serial_ns ÷ @progress_ns, the measured serial
 *   fraction of the run; NAN when nothing made progress
 * @amdahl_limit: the speedup Amdahl's law allows with that serial fraction,
 *   1 ÷ (s + (1 − s) ÷ N). For a workload with CPU work N is
 *   @usable_cores: only cores compute. For pure I/O, waits overlap without
 *   cores, so the limit is not core-bound: N is the number of tasks (as
 *   many waits as there are tasks can overlap). NAN when s is.
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
  guint    n_workers_seen;
  gint64   progress_ns;
  gint64   serial_ns;
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
