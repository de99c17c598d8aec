// SPDX-License-Identifier: GPL-3.0-or-later
// The figures a slide may claim (lab-figures.h): which apply, their values,
// and the invariants that hold by construction.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "built-trace.h"

extern "C" {
#include "lab-figures.h"
#include "lab-lateness.h"
#include "lab-run-entry.h"
#include "lab-verdict.h"
}

namespace {

using core_test::MS;
using core_test::S;
constexpr gint64 T0 = 100 * S;

struct Built : core_test::BuiltTrace
{
  Built (const char *workload, guint cores, guint workers, const char *model = "threads")
    : BuiltTrace (workload, cores, workers, model, T0)
  {
  }
};

/* A comparison of the given traces, in order, each planned as it ran, and
 * then the models of @not_run planned with 2 workers and never run. */
LabComparison *
compare (std::initializer_list<Built *> traces,
         std::initializer_list<const char *> not_run = {})
{
  LabRunPlanBuilder *builder = lab_run_plan_builder_new ((*traces.begin ())->w, 2);

  for (Built *b : traces)
    lab_run_plan_builder_add_entry (builder, lab_trace_get_model_id (b->trace),
                                    lab_trace_get_n_workers (b->trace));
  for (const char *id : not_run)
    lab_run_plan_builder_add_entry (builder, id, 2);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  LabComparison *c = lab_comparison_new_for_plan (plan, 2);

  for (Built *b : traces)
    lab_comparison_add_trace (c, b->trace);
  lab_run_plan_unref (plan);
  lab_run_plan_builder_free (builder);
  return c;
}

bool
shows (const LabFigures *f, LabFigureId id)
{
  return lab_figures_find (f, id) != nullptr;
}

TEST (Figures, WaitsOnlyShowWaitsAtOnceNotSpeedupOverCores)
{
  Built seq ("io 3,1,2s", 2, 2, "sequential");
  seq.add (0, 0, LAB_STATE_WAITING_IO, -1, 0, 3000);
  seq.add (0, 1, LAB_STATE_QUEUED, -1, 0, 3000);
  seq.add (0, 1, LAB_STATE_WAITING_IO, -1, 3000, 4000);
  seq.add (0, 2, LAB_STATE_QUEUED, -1, 0, 4000);
  seq.add (0, 2, LAB_STATE_WAITING_IO, -1, 4000, 6000);
  seq.finish (6000);
  Built loop ("io 3,1,2s", 2, 2, "event-loop");
  loop.add (0, 0, LAB_STATE_WAITING_IO, -1, 0, 3000);
  loop.add (0, 1, LAB_STATE_WAITING_IO, -1, 0, 1000);
  loop.add (0, 2, LAB_STATE_WAITING_IO, -1, 0, 2000);
  loop.finish (3000);
  g_autoptr (LabComparison) c = compare ({ &seq, &loop });

  g_autoptr (LabFigures) s = lab_figures_new (c, seq.trace);
  g_autoptr (LabFigures) l = lab_figures_new (c, loop.trace);
  for (LabFigures *f : { s, l })
    {
      EXPECT_EQ (f->state, LAB_RUN_STATE_COMPLETE);
      EXPECT_FALSE (shows (f, LAB_FIGURE_SPEEDUP)) << "no speedup over cores for waits";
      EXPECT_FALSE (shows (f, LAB_FIGURE_EFFICIENCY));
      EXPECT_FALSE (shows (f, LAB_FIGURE_AMDAHL));
      EXPECT_TRUE (shows (f, LAB_FIGURE_OVERLAP));
      EXPECT_FALSE (shows (f, LAB_FIGURE_LATENESS)) << "no wait was late";
      EXPECT_EQ (f->ideal_ns, 3 * S) << "the longest wait";
    }
  EXPECT_NEAR (s->overlap, 1.0, 1e-9);
  EXPECT_NEAR (l->overlap, 2.0, 1e-9) << "6 s of waiting in 3 s";
  g_autofree char *title = lab_figures_dup_title (l);
  EXPECT_NE (std::string (title).find ("2.00 waits at once"), std::string::npos) << title;
  EXPECT_EQ (lab_figures_comparison_ideal_ns (c), 3 * S);
}

TEST (Figures, ComputingShowsSpeedupEfficiencyAndAmdahl)
{
  /* One worker, as the sequential model records: its efficiency is still
   * over the two cores the run could use, one of them left idle. */
  Built seq ("cpu 2x100ms", 2, 1, "sequential");
  seq.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  seq.add (0, 1, LAB_STATE_RUNNING, 0, 100, 205);
  seq.finish (205);
  Built thr ("cpu 2x100ms", 2, 2);
  thr.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  thr.add (1, 1, LAB_STATE_RUNNING, 1, 0, 104);
  thr.finish (104);
  g_autoptr (LabComparison) c = compare ({ &seq, &thr });

  g_autoptr (LabFigures) s = lab_figures_new (c, seq.trace);
  g_autoptr (LabFigures) t = lab_figures_new (c, thr.trace);
  EXPECT_TRUE (shows (s, LAB_FIGURE_SPEEDUP));
  EXPECT_TRUE (shows (s, LAB_FIGURE_EFFICIENCY));
  EXPECT_FALSE (shows (s, LAB_FIGURE_AMDAHL)) << "one worker says nothing of a split";
  EXPECT_NEAR (s->speedup, 1.0, 1e-9) << "one thread doing its own measured work";
  EXPECT_NEAR (s->efficiency, 0.5, 1e-9) << "one of two cores";
  EXPECT_TRUE (shows (t, LAB_FIGURE_AMDAHL));
  EXPECT_NEAR (t->speedup, 204.0 / 104.0, 1e-9);
  EXPECT_LE (t->efficiency, 1.0);
  EXPECT_GE (t->analysis.amdahl_limit, t->speedup);
  EXPECT_FALSE (shows (t, LAB_FIGURE_OVERLAP)) << "nothing waits";
  EXPECT_FALSE (shows (t, LAB_FIGURE_STRETCH)) << "no task was stretched";
  /* The ideal from the measured work: 204 ms over 2 cores, or the longest
   * task's 104 ms. */
  EXPECT_EQ (t->ideal_ns, 104 * MS);
  EXPECT_EQ (s->ideal_ns, 105 * MS) << "its own measured work, which drifted";
  EXPECT_EQ (lab_figures_comparison_ideal_ns (c), 104 * MS);
  EXPECT_NEAR (t->calibration_drift, 204.0 / 200.0 - 1.0, 1e-9);
}

/* Random traces of computing tasks, with slices measured late, more
 * threads than cores and the OS taking cores away: whatever was recorded,
 * efficiency stays at or below 100 %, Amdahl's limit at or above the
 * speedup, and the ideal at or below the elapsed time. */
TEST (Figures, InvariantsHoldOnAnyRecordedTrace)
{
  std::mt19937 random (20261204);

  for (int round = 0; round < 300; round++)
    {
      guint cores = 1 + random () % 4;
      guint tasks = 1 + random () % 8;
      guint workers = random () % (tasks + 1);
      std::string text = "cpu " + std::to_string (tasks) + "x50ms";
      Built b (text.c_str (), cores, workers);
      gint64 end = 0;

      for (guint task = 0; task < tasks; task++)
        {
          gint64 t = random () % 200;

          b.add (task % MAX (workers, 1), task, LAB_STATE_QUEUED, -1, 0, t);
          for (int k = 0; k < 1 + (int) (random () % 6); k++)
            {
              gint64 run = 1 + random () % 40;
              gint64 ready = random () % 3 == 0 ? random () % 30 : 0;

              b.add (task % MAX (workers, 1), task, LAB_STATE_RUNNING, random () % cores, t,
                     t + run);
              t += run;
              if (ready > 0)
                b.add (task % MAX (workers, 1), task, LAB_STATE_READY, -1, t, t + ready);
              t += ready;
            }
          end = MAX (end, t);
        }
      b.finish (end + random () % 20);
      g_autoptr (LabComparison) c = compare ({ &b });
      g_autoptr (LabFigures) f = lab_figures_new (c, b.trace);
      std::string where = "round " + std::to_string (round) + ": " + text + " on "
                          + std::to_string (cores) + " cores, " + std::to_string (workers)
                          + " workers";

      ASSERT_EQ (f->state, LAB_RUN_STATE_COMPLETE) << where;
      EXPECT_LE (f->efficiency, 1.0 + 1e-12) << where;
      EXPECT_LE (f->speedup, (double) f->usable_cores + 1e-12) << where;
      if (std::isfinite (f->analysis.amdahl_limit))
        {
          EXPECT_GE (f->analysis.amdahl_limit, f->speedup - 1e-12) << where;
          EXPECT_LE (f->analysis.amdahl_limit, (double) f->usable_cores + 1e-12) << where;
        }
      EXPECT_GE (f->ideal_ns, 0) << where;
      EXPECT_LE (f->ideal_ns, f->elapsed_ns) << where;
    }
}

TEST (Figures, AStoppedRunIsMarkedAndJudgedByNothing)
{
  Built b ("cpu 2x1s", 2, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 810);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 810);
  lab_trace_task_cancelled (b.trace, 0);
  lab_trace_task_cancelled (b.trace, 1);
  lab_trace_end (b.trace, T0 + 1810 * MS);
  lab_trace_mark_stopped (b.trace);
  g_autoptr (LabComparison) c = compare ({ &b }, { "processes" });

  g_autoptr (LabFigures) f = lab_figures_new (c, b.trace);
  EXPECT_EQ (f->state, LAB_RUN_STATE_STOPPED);
  EXPECT_FALSE (lab_trace_is_complete (b.trace));
  ASSERT_EQ (f->shown->len, 1u) << "the time it was stopped at, nothing else";
  g_autofree char *title = lab_figures_dup_title (f);
  EXPECT_STREQ (title, "stopped at 1.81 s");
  EXPECT_TRUE (std::isnan (f->speedup));
  EXPECT_TRUE (std::isnan (f->efficiency));
  EXPECT_EQ (f->ideal_ns, -1);
  EXPECT_EQ (lab_figures_comparison_ideal_ns (c), -1) << "no whole run, no ideal";
  EXPECT_FALSE (lab_verdict_available (b.trace, 2 * S));
  EXPECT_EQ (lab_comparison_get_n_not_run (c), 1u);
  EXPECT_TRUE (lab_comparison_was_stopped (c));
  EXPECT_FALSE (lab_comparison_is_complete (c));
}

TEST (Figures, ALoopBlockedByAComputationMakesWaitsLate)
{
  /* Two waits of 100 ms and a computation of 300 ms on one loop: the
   * waits end during the computation and run 200 ms late. Offloaded, the
   * loop is free and they resume 0.1 ms late. */
  Built loop ("io 2x100ms + cpu 300ms", 2, 2, "event-loop");
  loop.add (0, 0, LAB_STATE_WAITING_IO, -1, 0, 100);
  loop.add (0, 0, LAB_STATE_READY, -1, 100, 300);
  loop.add (0, 1, LAB_STATE_WAITING_IO, -1, 0, 60);
  loop.add (0, 1, LAB_STATE_WAITING_IO, -1, 60, 100);
  loop.add (0, 1, LAB_STATE_READY, -1, 100, 300);
  loop.add (0, 2, LAB_STATE_RUNNING, 0, 0, 300);
  loop.finish (300);
  Built off ("io 2x100ms + cpu 300ms", 2, 2, "loop-offload");
  off.add (0, 0, LAB_STATE_WAITING_IO, -1, 0, 100);
  lab_trace_writer_add (lab_trace_get_writer (off.trace, 0), 1, LAB_STATE_WAITING_IO, -1, T0,
                        T0 + 100 * MS + 100000);
  off.add (1, 2, LAB_STATE_RUNNING, 0, 0, 300);
  off.finish (300);
  g_autoptr (LabComparison) c = compare ({ &loop, &off });

  LabLateness l;
  lab_lateness_compute (loop.trace, &l);
  EXPECT_EQ (l.n_tasks, 2u) << "only the tasks that wait";
  EXPECT_EQ (l.median_ns, 200 * MS);
  EXPECT_EQ (l.max_ns, 200 * MS);
  lab_lateness_compute (off.trace, &l);
  EXPECT_EQ (l.max_ns, 100000) << "what the wait overran, to the nanosecond";
  EXPECT_EQ (l.median_ns, 0);

  g_autoptr (LabFigures) a = lab_figures_new (c, loop.trace);
  g_autoptr (LabFigures) b = lab_figures_new (c, off.trace);
  EXPECT_TRUE (shows (a, LAB_FIGURE_LATENESS));
  EXPECT_TRUE (shows (b, LAB_FIGURE_LATENESS)) << "side by side, where the lesson is lateness";
  EXPECT_FALSE (shows (a, LAB_FIGURE_SPEEDUP)) << "lateness is the point here";
  EXPECT_TRUE (std::isfinite (a->speedup)) << "measured all the same";
  EXPECT_FALSE (shows (a, LAB_FIGURE_EFFICIENCY)) << "not over cores, with waits in it";
  EXPECT_STREQ (lab_figures_find (a, LAB_FIGURE_LATENESS)->text, "waits up to 200 ms late");
}

TEST (Figures, StretchShowsWhereAnyRunStretchedItsTasks)
{
  /* Four threads on one core take turns: each runs 25 ms of every 100. */
  Built many ("cpu 4x100ms", 1, 0);
  for (guint task = 0; task < 4; task++)
    for (int k = 0; k < 4; k++)
      {
        gint64 t = k * 100 + task * 25;

        many.add (task, task, LAB_STATE_RUNNING, 0, t, t + 25);
        if (k < 3)
          many.add (task, task, LAB_STATE_READY, -1, t + 25, t + 100);
      }
  many.finish (400);
  Built one ("cpu 4x100ms", 1, 1);
  for (guint task = 0; task < 4; task++)
    {
      one.add (0, task, LAB_STATE_QUEUED, -1, 0, task * 100);
      one.add (0, task, LAB_STATE_RUNNING, 0, task * 100, task * 100 + 100);
    }
  one.finish (400);
  g_autoptr (LabComparison) c = compare ({ &many, &one });

  g_autoptr (LabFigures) m = lab_figures_new (c, many.trace);
  g_autoptr (LabFigures) o = lab_figures_new (c, one.trace);
  EXPECT_TRUE (shows (m, LAB_FIGURE_STRETCH));
  EXPECT_TRUE (shows (o, LAB_FIGURE_STRETCH)) << "beside it, for comparison";
  EXPECT_NEAR (m->stretch, (400.0 + 4 * 225.0) / 400.0, 1e-9);
  EXPECT_NEAR (o->stretch, 1.0, 1e-9) << "queued is not stretched: it had not begun";
  EXPECT_NEAR (m->speedup, o->speedup, 1e-9) << "and neither finished sooner";
}

TEST (Figures, ARepeatedModelIsNamedWithItsWorkers)
{
  Built a ("cpu 4x10ms", 2, 0);
  Built b ("cpu 4x10ms", 2, 2);
  Built s ("cpu 4x10ms", 2, 2, "sequential");
  g_autoptr (LabComparison) c = compare ({ &s, &a, &b });

  g_autofree char *n0 = lab_run_entry_dup_name (c, 0);
  g_autofree char *n1 = lab_run_entry_dup_name (c, 1);
  g_autofree char *n2 = lab_run_entry_dup_name (c, 2);
  EXPECT_STREQ (n0, "Sequential");
  EXPECT_STREQ (n1, "Threads, one worker per task");
  EXPECT_STREQ (n2, "Threads, 2 workers");
}

TEST (Figures, ARunningTraceShowsItsTimeSoFarOnly)
{
  Built b ("cpu 2x1s", 2, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 500);
  g_autoptr (LabComparison) c = compare ({ &b });
  g_autoptr (LabFigures) f = lab_figures_new (c, b.trace);

  EXPECT_EQ (f->state, LAB_RUN_STATE_RUNNING);
  ASSERT_EQ (f->shown->len, 1u);
  g_autofree char *title = lab_figures_dup_title (f);
  EXPECT_STREQ (title, "running… 500 ms");
}

TEST (Figures, FailedTasksAreCountedAndNothingCompared)
{
  Built b ("cpu 2x100ms", 2, 2, "processes");
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  lab_trace_task_done (b.trace, 0);
  lab_trace_task_failed (b.trace, 1, "worker 1 exited with signal 9");
  lab_trace_end (b.trace, T0 + 100 * MS);
  g_autoptr (LabComparison) c = compare ({ &b });
  g_autoptr (LabFigures) f = lab_figures_new (c, b.trace);

  EXPECT_EQ (f->state, LAB_RUN_STATE_FAILED);
  EXPECT_TRUE (shows (f, LAB_FIGURE_FAILED));
  EXPECT_FALSE (shows (f, LAB_FIGURE_SPEEDUP));
  EXPECT_EQ (f->ideal_ns, -1);
}

TEST (Figures, MeasuresAreKeptWithAFinishedTrace)
{
  Built b ("cpu 2x100ms", 2, 2);
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 100);
  b.finish (100);
  g_autoptr (LabComparison) c = compare ({ &b });
  g_autoptr (LabFigures) first = lab_figures_new (c, b.trace);

  gpointer cached = lab_trace_dup_cached (b.trace, "lab-figures");
  ASSERT_NE (cached, nullptr) << "kept with the trace";
  g_atomic_rc_box_release (cached);
  g_autoptr (LabFigures) again = lab_figures_new (c, b.trace);
  EXPECT_EQ (again->speedup, first->speedup);
}


/* Adds a memory sample at @at_ms: whole, or a gap. */
void
memory_sample (Built &b, gint64 at_ms, gint64 rss, guint workers = 0, gint64 workers_rss = 0)
{
  LabMemorySample m = { b.t0 + at_ms * MS, rss, rss / 2, workers_rss, workers_rss / 4, 0, workers,
                        LAB_MEMORY_SOURCE_SMAPS_ROLLUP, {} };
  if (rss == LAB_MEMORY_NOT_MEASURED)
    m = { b.t0 + at_ms * MS, rss, rss, rss, rss, 0, 0, LAB_MEMORY_SOURCE_NONE, {} };
  lab_trace_add_memory (b.trace, &m);
}

/* Memory is a figure like the others: for the table and the summaries,
 * not the panel title (the memory strip labels it); "not measured" where
 * no sample was whole; none at all for a trace without samples. */
TEST (Figures, MemoryIsInTheTableNotTheTitle)
{
  Built measured ("io 4x1s", 2, 4, "processes");
  memory_sample (measured, -10, 10 * 1000 * 1000);
  for (guint32 task = 0; task < 4; task++)
    measured.add (0, task, LAB_STATE_WAITING_IO, -1, 0, 1000);
  memory_sample (measured, 500, 18 * 1000 * 1000, 4, 8 * 1000 * 1000);
  measured.finish (1000);
  Built gaps ("io 4x1s", 2, 4, "event-loop");
  memory_sample (gaps, -10, LAB_MEMORY_NOT_MEASURED);
  for (guint32 task = 0; task < 4; task++)
    gaps.add (0, task, LAB_STATE_WAITING_IO, -1, 0, 1000);
  memory_sample (gaps, 500, LAB_MEMORY_NOT_MEASURED);
  gaps.finish (1000);
  Built none ("io 4x1s", 2, 4, "sequential");
  for (guint32 task = 0; task < 4; task++)
    none.add (0, task, LAB_STATE_WAITING_IO, -1, task * 1000, task * 1000 + 1000);
  none.finish (4000);
  g_autoptr (LabComparison) c = compare ({ &measured, &gaps, &none });

  g_autoptr (LabFigures) m = lab_figures_new (c, measured.trace);
  const LabFigure *peak = lab_figures_find (m, LAB_FIGURE_PEAK_MEMORY);
  const LabFigure *task = lab_figures_find (m, LAB_FIGURE_TASK_MEMORY);
  const LabFigure *worker = lab_figures_find (m, LAB_FIGURE_WORKER_MEMORY);
  ASSERT_NE (peak, nullptr);
  ASSERT_NE (task, nullptr);
  ASSERT_NE (worker, nullptr);
  EXPECT_DOUBLE_EQ (peak->value, 18e6);
  EXPECT_DOUBLE_EQ (task->value, 2e6) << "8 MB of growth over 4 tasks in flight";
  EXPECT_DOUBLE_EQ (worker->value, 2e6) << "8 MB over 4 workers";
  EXPECT_STREQ (peak->text, "") << "not in the panel title";
  g_autofree char *title = lab_figures_dup_title (m);
  EXPECT_EQ (std::string (title).find ("MB"), std::string::npos) << title;
  EXPECT_NE (std::string (peak->cell).find ("18.0"), std::string::npos) << peak->cell;
  EXPECT_NE (std::string (worker->cell).find ("PSS"), std::string::npos) << worker->cell;
  EXPECT_EQ (m->memory.per_task_bytes, 2 * 1000 * 1000);

  g_autoptr (LabFigures) g = lab_figures_new (c, gaps.trace);
  peak = lab_figures_find (g, LAB_FIGURE_PEAK_MEMORY);
  ASSERT_NE (peak, nullptr);
  EXPECT_STREQ (peak->cell, "not measured");
  EXPECT_TRUE (std::isnan (peak->value));
  EXPECT_FALSE (shows (g, LAB_FIGURE_WORKER_MEMORY));

  g_autoptr (LabFigures) n = lab_figures_new (c, none.trace);
  EXPECT_FALSE (shows (n, LAB_FIGURE_PEAK_MEMORY)) << "a trace without samples claims nothing";
  EXPECT_FALSE (shows (n, LAB_FIGURE_TASK_MEMORY));
  EXPECT_STREQ (lab_figure_id_to_string (LAB_FIGURE_TASK_MEMORY), "memory_per_task");
}

} // namespace
