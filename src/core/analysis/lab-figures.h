/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-analysis.h"
#include "lab-comparison.h"
#include "lab-lateness.h"
#include "lab-memory-figures.h"

G_BEGIN_DECLS

/*
 * The figures a slide may claim, decided in one place: which apply to a
 * trace (the kind of work, whether the run is whole, what the other runs
 * of the comparison measured), their values, their words in a panel title
 * and in a table cell, and a one-line explanation for a tooltip. The chart,
 * the window's summary and both command-line summaries read them from
 * here. docs/FIGURES.md defines each one.
 */

/**
 * LabFigureId:
 * @LAB_FIGURE_ELAPSED: the model's time, or where it was stopped
 * @LAB_FIGURE_SPEEDUP: the work as one thread would do it, measured in this
 *   run (every task's computing and waiting, one after another), ÷ the
 *   elapsed time; work that computes, unless it also waits and lateness is
 *   shown (then lateness is the point)
 * @LAB_FIGURE_EFFICIENCY: speedup ÷ the cores the run could use, never
 *   above 1; work that only computes
 * @LAB_FIGURE_AMDAHL: Amdahl's limit from the serial share of the measured
 *   computing work, never below the speedup; work that only computes, on
 *   more than one core and worker
 * @LAB_FIGURE_OVERLAP: the waits in progress at once, on average: waiting
 *   time ÷ elapsed; work that only waits
 * @LAB_FIGURE_STRETCH: how many times their computing time the tasks took
 *   once begun, the rest `ready` with no core; work that only computes,
 *   where some run of the comparison stretched its tasks 1.5× or more
 * @LAB_FIGURE_LATENESS: the most a wait ran late (see #LabLateness); work
 *   that waits, where some run of the comparison made a wait notably late
 * @LAB_FIGURE_PEAK_MEMORY: the most resident memory the program and its
 *   worker processes held at any sample (see #LabMemoryFigures); a run
 *   whose memory was sampled
 * @LAB_FIGURE_TASK_MEMORY: the growth of memory per task in flight; a run
 *   whose memory was sampled while tasks were in flight
 * @LAB_FIGURE_WORKER_MEMORY: resident memory per worker process; a run
 *   with worker processes measured
 * @LAB_FIGURE_FAILED: how many tasks failed
 *
 * The figures, in the order they are shown.
 */
typedef enum
{
  LAB_FIGURE_ELAPSED,
  LAB_FIGURE_SPEEDUP,
  LAB_FIGURE_EFFICIENCY,
  LAB_FIGURE_AMDAHL,
  LAB_FIGURE_OVERLAP,
  LAB_FIGURE_STRETCH,
  LAB_FIGURE_LATENESS,
  LAB_FIGURE_PEAK_MEMORY,
  LAB_FIGURE_TASK_MEMORY,
  LAB_FIGURE_WORKER_MEMORY,
  LAB_FIGURE_FAILED,
  LAB_N_FIGURES
} LabFigureId;

/**
 * LabRunState:
 * @LAB_RUN_STATE_RUNNING: still recording
 * @LAB_RUN_STATE_COMPLETE: the whole work measured
 * @LAB_RUN_STATE_STOPPED: stopped before its end: a part of the work
 * @LAB_RUN_STATE_FAILED: the model could not run, or tasks failed
 *
 * What a trace measured; only a complete one is judged.
 */
typedef enum
{
  LAB_RUN_STATE_RUNNING,
  LAB_RUN_STATE_COMPLETE,
  LAB_RUN_STATE_STOPPED,
  LAB_RUN_STATE_FAILED,
} LabRunState;

/**
 * LabFigure:
 * @id: which figure
 * @value: in the unit of the summary's JSON: seconds for times, a ratio
 *   for speedup, Amdahl's limit, waits at once and stretch, a share
 *   from 0 to 1 for efficiency, bytes for memory (NAN where it was not
 *   measured), a count for failed tasks
 * @text: its words in a panel title: "speedup 1.98×"; empty for a figure
 *   the title leaves out (memory: the memory layer's strip labels it)
 * @cell: its words in a table cell: "1.98×"
 * @explanation: one line with this run's numbers, for a tooltip
 */
typedef struct
{
  LabFigureId  id;
  double       value;
  char        *text;
  char        *cell;
  char        *explanation;
} LabFigure;

/**
 * LabFigures:
 * @trace: the trace
 * @state: what it measured
 * @elapsed_ns: from its begin to its end (or its live edge)
 * @analysis: the sweep of its segments (zero while running)
 * @lateness: how late its waiting tasks were
 * @usable_cores: N, the cores the run could use
 * @work_cpu_ns: the computing work measured (see #LabTraceAnalysis)
 * @work_wait_ns: the waiting measured
 * @running_ns: every task's `running` time, summed: the CPU work as run
 * @planned_cpu_ns: the CPU work the workload asked for; -1 for a traced
 *   program or another tool's trace, which had no workload
 * @calibration_drift: @running_ns ÷ @planned_cpu_ns − 1: how far the
 *   calibrated work strayed from its plan on this run; NAN without CPU work
 *   or before the end
 * @speedup: NAN where it does not apply
 * @efficiency: NAN where it does not apply
 * @overlap: NAN where it does not apply
 * @stretch: NAN where it does not apply
 * @memory: what the run held in memory, from its samples (all
 *   %LAB_MEMORY_NOT_MEASURED while running)
 * @ideal_ns: this run's measured work spread perfectly over its usable
 *   cores: the longest task's own computing and waiting, or the computing
 *   work ÷ N, whichever is longer; never above the elapsed time. -1 for a
 *   run that is not complete
 * @shown: (element-type LabFigure): the figures that apply, in order
 *
 * The figures of one trace within its comparison.
 */
typedef struct
{
  LabTrace         *trace;
  LabRunState       state;
  gint64            elapsed_ns;
  LabTraceAnalysis  analysis;
  LabLateness       lateness;
  guint             usable_cores;
  gint64            work_cpu_ns;
  gint64            work_wait_ns;
  gint64            running_ns;
  gint64            planned_cpu_ns;
  double            calibration_drift;
  double            speedup;
  double            efficiency;
  double            overlap;
  double            stretch;
  LabMemoryFigures  memory;
  gint64            ideal_ns;
  GPtrArray        *shown;
} LabFigures;

LabFigures      *lab_figures_new             (LabComparison   *comparison,
                                              LabTrace        *trace);
void             lab_figures_free            (LabFigures      *figures);
const LabFigure *lab_figures_find            (const LabFigures *figures,
                                              LabFigureId      id);
char            *lab_figures_dup_title       (const LabFigures *figures);
gint64           lab_figures_comparison_ideal_ns (LabComparison *comparison);

const char      *lab_figure_id_to_string     (LabFigureId      id);
const char      *lab_figure_get_label        (LabFigureId      id);
const char      *lab_figure_get_description  (LabFigureId      id);
const char      *lab_run_state_to_string     (LabRunState      state);
LabRunState      lab_run_state_of            (LabTrace        *trace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabFigures, lab_figures_free)

G_END_DECLS
