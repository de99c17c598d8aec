// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <string>

#include "built-trace.h"

extern "C" {
#include "lab-comparison.h"
#include "lab-error.h"
#include "lab-trace-json.h"
#include "lab-trace.h"
#include "lab-verdict.h"
#include "lab-workload.h"
}

/* Hand-built traces of each situation a verdict explains: the verdict must
 * follow what was measured, so a trace named "threads" that measured one
 * core is told "one core", and the same prediction earns different words
 * on different measurements. */

namespace {

using core_test::MS;
using core_test::S;
constexpr gint64 T0 = 80 * S;

struct Built : core_test::BuiltTrace
{
  Built (const char *workload, guint cores, guint workers, const char *model)
    : BuiltTrace (workload, cores, workers, model, T0)
  {
  }
  LabVerdict
  judge (gint64 predicted_ns)
  {
    LabVerdict v;
    EXPECT_TRUE (lab_verdict_judge (trace, predicted_ns, &v));
    return v;
  }
  std::string
  line (gint64 predicted_ns)
  {
    char *text = lab_verdict_describe (trace, predicted_ns);
    std::string s = text != nullptr ? text : "";
    g_free (text);
    return s;
  }
};

const char *
reason (const LabVerdict &v)
{
  return lab_verdict_reason_to_string (v.reason);
}

/* Lesson 1 on the loop: 3, 1 and 2 s of waiting at once (scaled to ms). */
void
waits_overlap (Built &b)
{
  b.add (0, 0, LAB_STATE_WAITING_IO, -1, 0, 300);
  b.add (0, 1, LAB_STATE_WAITING_IO, -1, 0, 100);
  b.add (0, 2, LAB_STATE_WAITING_IO, -1, 0, 200);
  b.finish (300);
}

TEST (Verdict, TooHighOnOverlappingWaits)
{
  Built b ("io 300,100,200ms", 2, 2, "event-loop");
  waits_overlap (b);
  LabVerdict v = b.judge (600 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_FASTER);
  EXPECT_STREQ (reason (v), "waits-overlap");
  EXPECT_EQ (v.measured_ns, 300 * MS);
  EXPECT_EQ (b.line (600 * MS), "Measured 300 ms, you said 600 ms: the waits overlap");
}

TEST (Verdict, RightOnOverlappingWaits)
{
  Built b ("io 300,100,200ms", 2, 2, "event-loop");
  waits_overlap (b);
  LabVerdict v = b.judge (320 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_RIGHT) << "within 10 %";
  EXPECT_STREQ (reason (v), "waits-overlap");
  EXPECT_NE (b.line (320 * MS).find ("right"), std::string::npos) << b.line (320 * MS);
}

TEST (Verdict, TooLowOnOverlappingWaitsNamesTheLongestTask)
{
  Built b ("io 300,100,200ms", 2, 2, "event-loop");
  waits_overlap (b);
  LabVerdict v = b.judge (100 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "longest-task");
  EXPECT_EQ (v.cost_ns, 300 * MS);
}

TEST (Verdict, SequentialWaitsAddUp)
{
  Built b ("io 300,100,200ms", 2, 2, "sequential");
  b.add (0, 0, LAB_STATE_WAITING_IO, -1, 0, 300);
  b.add (0, 1, LAB_STATE_QUEUED, -1, 0, 300);
  b.add (0, 1, LAB_STATE_WAITING_IO, -1, 300, 400);
  b.add (0, 2, LAB_STATE_QUEUED, -1, 0, 400);
  b.add (0, 2, LAB_STATE_WAITING_IO, -1, 400, 600);
  b.finish (600);
  LabVerdict v = b.judge (300 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "one-after-another");
  EXPECT_STREQ (reason (b.judge (600 * MS)), "one-after-another");
  EXPECT_EQ (b.judge (600 * MS).outcome, LAB_VERDICT_RIGHT);
}

/* Four CPU tasks computed one after another on one core. */
void
one_core (Built &b)
{
  for (int k = 0; k < 4; k++)
    {
      if (k > 0)
        b.add (0, k, LAB_STATE_QUEUED, -1, 0, k * 100);
      b.add (0, k, LAB_STATE_RUNNING, 0, k * 100, k * 100 + 100);
    }
  b.finish (400);
}

TEST (Verdict, EventLoopMathOnOneCore)
{
  Built b ("cpu 4x100ms", 4, 4, "event-loop");
  one_core (b);
  LabVerdict v = b.judge (100 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "one-core");
  EXPECT_EQ (b.line (100 * MS), "Measured 400 ms, you said 100 ms: one core for all the math");
}

TEST (Verdict, ChosenFromTheMeasurementNotTheModel)
{
  /* A "threads" trace that measured one core gets the one-core verdict. */
  Built b ("cpu 4x100ms", 4, 4, "threads");
  one_core (b);
  EXPECT_STREQ (reason (b.judge (100 * MS)), "one-core");
}

TEST (Verdict, CoresAtOnce)
{
  Built b ("cpu 2x100ms", 2, 2, "threads");
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  b.add (1, 1, LAB_STATE_RUNNING, 1, 0, 100);
  b.finish (100);
  LabVerdict v = b.judge (200 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_FASTER);
  EXPECT_STREQ (reason (v), "cores-at-once");
  EXPECT_EQ (b.line (200 * MS), "Measured 100 ms, you said 200 ms: 2 cores computed at once");
  EXPECT_STREQ (reason (b.judge (100 * MS)), "cores-at-once");
}

TEST (Verdict, TheLockLetOneThreadComputeAtATime)
{
  Built b ("cpu 2x50ms", 2, 2, "threads-gil");
  for (int k = 0; k < 20; k++)
    {
      guint task = k % 2;
      b.add (task, task, LAB_STATE_RUNNING, (gint) task, k * 5, k * 5 + 5);
      b.add (1 - task, 1 - task, LAB_STATE_WAITING_LOCK, -1, k * 5, k * 5 + 5);
    }
  b.finish (100);
  LabVerdict v = b.judge (50 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "lock");
  EXPECT_EQ (b.line (50 * MS),
             "Measured 100 ms, you said 50.0 ms: the lock let one thread compute at a time");
  EXPECT_STREQ (reason (b.judge (100 * MS)), "lock") << "right, and why";
}

TEST (Verdict, TheOsSharedTheCores)
{
  /* Eight threads on two cores: each computes a third of the time and is
   * ready (preempted) the rest. */
  Built b ("cpu 8x25ms", 2, 8, "threads");
  for (guint t = 0; t < 8; t++)
    for (int k = 0; k < 10; k++)
      {
        gint64 at = k * 12;
        gint64 run_from = at + (t / 2) * 3;
        b.add (t, t, LAB_STATE_READY, (gint) (t % 2), at, run_from);
        b.add (t, t, LAB_STATE_RUNNING, (gint) (t % 2), run_from, run_from + 3);
        b.add (t, t, LAB_STATE_READY, (gint) (t % 2), run_from + 3, at + 12);
      }
  b.finish (120);
  LabVerdict v = b.judge (25 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "oversubscribed");
  EXPECT_EQ (v.n_cores, 2u);
  EXPECT_EQ (v.n_workers, 8u);
  EXPECT_NE (b.line (25 * MS).find ("the OS shared 2 cores among 8 threads"), std::string::npos)
    << b.line (25 * MS);
}

TEST (Verdict, OtherProgramsTookTheCores)
{
  /* Two threads on two cores, preempted a quarter of the time. */
  Built b ("cpu 2x75ms", 2, 2, "threads");
  for (guint t = 0; t < 2; t++)
    {
      b.add (t, t, LAB_STATE_RUNNING, (gint) t, 0, 50);
      b.add (t, t, LAB_STATE_READY, (gint) t, 50, 75);
      b.add (t, t, LAB_STATE_RUNNING, (gint) t, 75, 100);
    }
  b.finish (100);
  EXPECT_STREQ (reason (b.judge (40 * MS)), "preempted");
}

TEST (Verdict, ABlockedLoopMakesTheWaitsLate)
{
  /* One loop thread: a 100 ms computation while three 20 ms waits are
   * due; they end late (ready) until it is over. */
  Built b ("io 3x20ms + cpu 1x100ms", 2, 2, "event-loop");
  for (guint t = 0; t < 3; t++)
    {
      b.add (0, t, LAB_STATE_WAITING_IO, -1, 0, 20);
      b.add (0, t, LAB_STATE_READY, -1, 20, 100);
    }
  b.add (0, 3, LAB_STATE_RUNNING, 0, 0, 100);
  b.finish (100);
  LabVerdict v = b.judge (30 * MS);
  EXPECT_STREQ (reason (v), "loop-blocked");
}

TEST (Verdict, StartingTheWorkerProcesses)
{
  Built b ("cpu 2x50ms", 2, 2, "processes");
  for (guint t = 0; t < 2; t++)
    {
      b.add (t, t, LAB_STATE_SPAWNING, -1, 0, 40);
      b.add (t, t, LAB_STATE_IPC, -1, 40, 41);
      b.add (t, t, LAB_STATE_RUNNING, (gint) t, 41, 91);
      b.add (t, t, LAB_STATE_IPC, -1, 91, 92);
    }
  b.finish (92);
  LabVerdict v = b.judge (50 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "startup");
  EXPECT_EQ (v.cost_ns, 42 * MS);
  EXPECT_EQ (b.line (50 * MS),
             "Measured 92.0 ms, you said 50.0 ms: starting the worker processes cost 42.0 ms");
}

TEST (Verdict, MoreTasksOfMathThanCores)
{
  /* Processes on two cores, four tasks of 100 ms: two rounds. */
  Built b ("cpu 4x100ms", 2, 2, "processes");
  for (guint t = 0; t < 4; t++)
    {
      gint64 from = (t / 2) * 100;
      if (from > 0)
        b.add (t % 2, t, LAB_STATE_QUEUED, -1, 0, from);
      b.add (t % 2, t, LAB_STATE_SPAWNING, -1, from, from + 1);
      b.add (t % 2, t, LAB_STATE_RUNNING, (gint) (t % 2), from + 1, from + 100);
    }
  b.finish (200);
  LabVerdict v = b.judge (100 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "cores-limit");
  EXPECT_EQ (b.line (100 * MS),
             "Measured 200 ms, you said 100 ms: 2 cores for 4 tasks of math, so they took turns");
}

TEST (Verdict, TooFewWorkersForTheWaits)
{
  /* Two threads, six waits of 50 ms: three rounds of two. */
  Built b ("io 6x50ms", 2, 2, "threads");
  for (guint t = 0; t < 6; t++)
    {
      gint64 from = (t / 2) * 50;
      if (from > 0)
        b.add (t % 2, t, LAB_STATE_QUEUED, -1, 0, from);
      b.add (t % 2, t, LAB_STATE_WAITING_IO, -1, from, from + 50);
    }
  b.finish (150);
  LabVerdict v = b.judge (50 * MS);
  EXPECT_EQ (v.outcome, LAB_VERDICT_SLOWER);
  EXPECT_STREQ (reason (v), "workers-limit");
  EXPECT_EQ (b.line (50 * MS),
             "Measured 150 ms, you said 50.0 ms: only 2 threads for 6 tasks, so they waited their turn");
  EXPECT_STREQ (reason (b.judge (300 * MS)), "waits-overlap") << "too high: two at a time still overlap";
}

TEST (Verdict, NothingToJudge)
{
  Built b ("cpu 1x100ms", 2, 2, "threads");
  b.add (0, 0, LAB_STATE_RUNNING, 0, 0, 100);
  LabVerdict v;
  EXPECT_FALSE (lab_verdict_judge (b.trace, 100 * MS, &v)) << "still recording";
  EXPECT_FALSE (lab_verdict_available (b.trace, 100 * MS));
  b.finish (100);
  EXPECT_TRUE (lab_verdict_available (b.trace, 100 * MS));
  EXPECT_FALSE (lab_verdict_available (b.trace, 0));
  EXPECT_FALSE (lab_verdict_judge (b.trace, 0, &v)) << "no prediction";
  char *none = lab_verdict_describe (b.trace, 0);
  EXPECT_EQ (none, nullptr);
  EXPECT_TRUE (lab_verdict_judge (b.trace, 100 * MS, &v));
}

TEST (Prediction, KeptPerModelOnTheComparison)
{
  LabWorkload *w = lab_workload_parse ("io 3,1,2s", nullptr);
  LabComparison *c = lab_comparison_new (w, 2);

  EXPECT_EQ (lab_comparison_get_prediction (c, "event-loop"), 0);
  lab_comparison_set_prediction (c, "event-loop", 3 * S);
  lab_comparison_set_prediction (c, "sequential", 6 * S);
  EXPECT_EQ (lab_comparison_get_prediction (c, "event-loop"), 3 * S);
  char **ids = lab_comparison_dup_prediction_ids (c);
  ASSERT_EQ (g_strv_length (ids), 2u);
  EXPECT_STREQ (ids[0], "event-loop");
  EXPECT_STREQ (ids[1], "sequential");
  g_strfreev (ids);
  lab_comparison_set_prediction (c, "event-loop", 0);
  EXPECT_EQ (lab_comparison_get_prediction (c, "event-loop"), 0) << "0 forgets";

  lab_comparison_unref (c);
  lab_workload_unref (w);
}

/* A finished comparison of two models with predictions for both. */
LabComparison *
predicted_comparison ()
{
  LabWorkload *w = lab_workload_parse ("io 300,100,200ms", nullptr);
  LabComparison *c = lab_comparison_new (w, 2);
  const char *ids[] = { "sequential", "event-loop" };
  for (const char *id : ids)
    {
      LabTrace *t = lab_trace_new (id, w, 2);
      lab_trace_begin (t, T0);
      lab_trace_writer_add (lab_trace_get_writer (t, 0), 0, LAB_STATE_WAITING_IO, -1, T0,
                            T0 + 300 * MS);
      for (guint i = 0; i < 3; i++)
        lab_trace_task_done (t, i);
      lab_trace_end (t, T0 + 300 * MS);
      lab_comparison_add_trace (c, t);
      lab_trace_unref (t);
    }
  lab_comparison_set_prediction (c, "sequential", 600 * MS);
  lab_comparison_set_prediction (c, "event-loop", 300 * MS + 7);
  lab_comparison_set_prediction (c, "threads", 5 * S);  /* not run: not saved */
  lab_workload_unref (w);
  return c;
}

TEST (Prediction, SavedAndLoadedWithTheTrace)
{
  LabComparison *c = predicted_comparison ();
  char *text = lab_trace_json_to_string (c, nullptr);
  ASSERT_NE (text, nullptr);
  EXPECT_NE (std::string (text).find ("\"predictions\":{\"sequential\":600000000,"
                                      "\"event-loop\":300000007}"), std::string::npos) << text;

  GError *error = nullptr;
  LabComparison *back = lab_trace_json_from_string (text, -1, &error);
  ASSERT_NE (back, nullptr) << error->message;
  EXPECT_EQ (lab_comparison_get_prediction (back, "sequential"), 600 * MS);
  EXPECT_EQ (lab_comparison_get_prediction (back, "event-loop"), 300 * MS + 7) << "exact";
  EXPECT_EQ (lab_comparison_get_prediction (back, "threads"), 0);
  lab_comparison_unref (back);
  g_free (text);
  lab_comparison_unref (c);
}

/* Loads @text with its "predictions" replaced by @predictions; returns the
 * error message, or "" when it loaded. */
std::string
load_with (const char *predictions)
{
  LabComparison *c = predicted_comparison ();
  char *text = lab_trace_json_to_string (c, nullptr);
  lab_comparison_unref (c);
  std::string s = text;
  g_free (text);
  size_t at = s.find ("\"predictions\":{");
  EXPECT_NE (at, std::string::npos);
  size_t end = s.find ('}', at);
  s.replace (at, end + 1 - at, std::string ("\"predictions\":") + predictions);

  GError *error = nullptr;
  LabComparison *back = lab_trace_json_from_string (s.c_str (), -1, &error);
  std::string message;
  if (back == nullptr)
    {
      EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID));
      message = error != nullptr ? error->message : "(no error)";
      g_clear_error (&error);
    }
  else
    lab_comparison_unref (back);
  return message;
}

TEST (Prediction, BadPredictionsAreRejectedByName)
{
  EXPECT_EQ (load_with ("{}"), "");
  EXPECT_NE (load_with ("3").find ("metadata: “predictions” must be an object"), std::string::npos);
  EXPECT_NE (load_with ("{\"gpu\":1}").find ("“gpu” is not a model of this comparison"),
             std::string::npos);
  EXPECT_NE (load_with ("{\"sequential\":\"6s\"}").find ("“sequential” must be an integer"),
             std::string::npos);
  EXPECT_NE (load_with ("{\"sequential\":0}").find ("“sequential” is 0, outside 1 to"),
             std::string::npos);
  EXPECT_NE (load_with ("{\"sequential\":-5}").find ("outside"), std::string::npos);
  EXPECT_NE (load_with ("{\"sequential\":99999999999999}").find ("outside"), std::string::npos);
  EXPECT_NE (load_with ("{\"sequential\":1.5}").find ("must be an integer"), std::string::npos);
}

}  // namespace
