// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "lab-comparison.h"
#include "lab-replay.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace {

constexpr gint64 MS = 1000000;
constexpr gint64 S = 1000000000;
/* arbitrary CLOCK_MONOTONIC starts: the second panel ran after the first */
constexpr gint64 T0 = 7000 * S;
constexpr gint64 T1 = 7010 * S;

LabWorkload *
parse (const char *text)
{
  GError *error = nullptr;
  LabWorkload *w = lab_workload_parse (text, &error);
  EXPECT_NE (w, nullptr) << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  return w;
}

std::string
caption (LabReplay *replay, guint panel, gint64 t)
{
  g_autofree char *text = lab_replay_dup_caption (replay, panel, t);
  return text != nullptr ? text : "(null)";
}

/* "io 3,1,2s" on an event loop from T0; task 2 (index 1) is ready 200 ms
 * after its wait and then computes 100 ms, recorded in two slices. */
LabTrace *
make_event_loop (LabWorkload *w)
{
  LabTrace *trace = lab_trace_new ("event-loop", w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);

  lab_trace_begin (trace, T0);
  lab_trace_writer_add (writer, 0, LAB_STATE_WAITING_IO, -1, T0, T0 + 3 * S);
  lab_trace_writer_add (writer, 1, LAB_STATE_WAITING_IO, -1, T0, T0 + 1 * S);
  lab_trace_writer_add (writer, 1, LAB_STATE_READY, -1, T0 + 1 * S, T0 + 1200 * MS);
  lab_trace_writer_add (writer, 1, LAB_STATE_RUNNING, 0, T0 + 1200 * MS, T0 + 1250 * MS);
  lab_trace_writer_add (writer, 1, LAB_STATE_RUNNING, 0, T0 + 1250 * MS, T0 + 1300 * MS);
  lab_trace_writer_add (writer, 2, LAB_STATE_WAITING_IO, -1, T0, T0 + 2 * S);
  for (guint32 t = 0; t < 3; t++)
    lab_trace_task_done (trace, t);
  lab_trace_end (trace, T0 + 3 * S);
  return trace;
}

/* threads-gil on four CPU tasks from T1: task 1 holds the lock for 5 ms
 * while 2–4 wait, then task 2 takes it. */
LabTrace *
make_gil (LabWorkload *w)
{
  LabTrace *trace = lab_trace_new ("threads-gil", w, 2);

  lab_trace_begin (trace, T1);
  lab_trace_writer_add (lab_trace_get_writer (trace, 0), 0, LAB_STATE_RUNNING, 0,
                        T1, T1 + 5 * MS);
  for (guint32 t = 1; t < 4; t++)
    lab_trace_writer_add (lab_trace_get_writer (trace, t), t, LAB_STATE_WAITING_LOCK, -1,
                          T1, T1 + 5 * MS);
  lab_trace_writer_add (lab_trace_get_writer (trace, 1), 1, LAB_STATE_RUNNING, 1,
                        T1 + 5 * MS, T1 + 10 * MS);
  lab_trace_end (trace, T1 + 10 * MS);
  return trace;
}

struct Fixture
{
  LabWorkload *io = nullptr;
  LabWorkload *cpu = nullptr;
  LabComparison *comparison = nullptr;
  LabReplay *replay = nullptr;

  Fixture ()
  {
    io = parse ("io 3,1,2s");
    cpu = parse ("cpu 4x5ms");
    comparison = lab_comparison_new (io, 2);
    LabTrace *loop = make_event_loop (io);
    LabTrace *gil = make_gil (cpu);
    lab_comparison_add_trace (comparison, loop);
    lab_comparison_add_trace (comparison, gil);
    lab_trace_unref (loop);
    lab_trace_unref (gil);
    replay = lab_replay_new (comparison);
  }
  ~Fixture ()
  {
    lab_replay_unref (replay);
    lab_comparison_unref (comparison);
    lab_workload_unref (io);
    lab_workload_unref (cpu);
  }
};

TEST (Replay, EventsAreStateChangesOnEachPanelsOwnZero)
{
  Fixture f;
  gsize n = 0;
  const LabReplayEvent *events = lab_replay_get_events (f.replay, &n);

  EXPECT_EQ (lab_replay_get_n_panels (f.replay), 2u);
  EXPECT_EQ (lab_replay_get_panel_duration_ns (f.replay, 0), 3 * S);
  EXPECT_EQ (lab_replay_get_panel_duration_ns (f.replay, 1), 10 * MS)
    << "the GIL panel ran 10 s later but starts at its own zero";
  EXPECT_EQ (lab_replay_get_duration_ns (f.replay), 3 * S);

  /* event loop: 3 starts, task 2's ready and running, 3 ends; the second
   * running slice continues the first and is no event.
   * GIL: 4 starts, task 1's end, task 2's lock → running, 3 ends. */
  guint per_panel[2] = { 0, 0 };
  for (gsize i = 0; i < n; i++)
    {
      ASSERT_LT (events[i].panel, 2u);
      per_panel[events[i].panel]++;
      if (i > 0)
        {
          EXPECT_LE (events[i - 1].t_ns, events[i].t_ns) << "ordered by time";
        }
    }
  EXPECT_EQ (per_panel[0], 8u);
  EXPECT_EQ (per_panel[1], 9u);
  EXPECT_EQ (events[0].t_ns, 0);

  bool saw_ready = false;
  for (gsize i = 0; i < n; i++)
    if (events[i].panel == 0 && events[i].task == 1 && events[i].state == LAB_STATE_READY)
      {
        saw_ready = true;
        EXPECT_EQ (events[i].t_ns, 1 * S);
        EXPECT_EQ (events[i].previous, LAB_STATE_WAITING_IO);
      }
  EXPECT_TRUE (saw_ready);
}

TEST (Replay, StepsToTheNextAndPreviousEvent)
{
  Fixture f;
  gint64 t = -1;

  ASSERT_TRUE (lab_replay_next_event (f.replay, 0, &t));
  EXPECT_EQ (t, 5 * MS) << "the GIL panel's switch comes first";
  ASSERT_TRUE (lab_replay_next_event (f.replay, 5 * MS, &t));
  EXPECT_EQ (t, 10 * MS);
  ASSERT_TRUE (lab_replay_next_event (f.replay, 10 * MS, &t));
  EXPECT_EQ (t, 1 * S);
  ASSERT_TRUE (lab_replay_next_event (f.replay, 1250 * MS, &t));
  EXPECT_EQ (t, 1300 * MS) << "a slice boundary is no event";
  EXPECT_FALSE (lab_replay_next_event (f.replay, 3 * S, &t));

  ASSERT_TRUE (lab_replay_previous_event (f.replay, 1 * S, &t));
  EXPECT_EQ (t, 10 * MS);
  ASSERT_TRUE (lab_replay_previous_event (f.replay, 1 * S + 1, &t));
  EXPECT_EQ (t, 1 * S);
  EXPECT_FALSE (lab_replay_previous_event (f.replay, 0, &t));
}

TEST (Replay, StepsTakeCloseEventsAsOneMoment)
{
  Fixture f;
  gint64 t = -1;

  /* GIL events at 5 ms and 10 ms, loop events at 1, 1.2, 1.3, 2 and 3 s */
  ASSERT_TRUE (lab_replay_next_step (f.replay, 0, 20 * MS, &t));
  EXPECT_EQ (t, 10 * MS) << "5 and 10 ms are one moment at a 20 ms gap";
  ASSERT_TRUE (lab_replay_next_step (f.replay, 10 * MS, 250 * MS, &t));
  EXPECT_EQ (t, 1300 * MS) << "1, 1.2 and 1.3 s chain at a 250 ms gap";
  ASSERT_TRUE (lab_replay_next_step (f.replay, 0, 1, &t));
  EXPECT_EQ (t, 5 * MS) << "a tiny gap steps event by event";
  EXPECT_FALSE (lab_replay_next_step (f.replay, 3 * S, 20 * MS, &t));

  ASSERT_TRUE (lab_replay_previous_step (f.replay, 1300 * MS, 250 * MS, &t));
  EXPECT_EQ (t, 10 * MS) << "back over the whole moment it stands in";
  ASSERT_TRUE (lab_replay_previous_step (f.replay, 1250 * MS, 20 * MS, &t));
  EXPECT_EQ (t, 1200 * MS);
  EXPECT_FALSE (lab_replay_previous_step (f.replay, 10 * MS, 20 * MS, &t))
    << "the first moment has none before it";
}

TEST (Replay, CaptionsNarrateTheModel)
{
  Fixture f;

  EXPECT_EQ (caption (f.replay, 0, 500 * MS),
             "event-loop: tasks 1–3 wait for I/O; the loop is idle");
  EXPECT_EQ (caption (f.replay, 0, 1100 * MS),
             "event-loop: tasks 1 and 3 wait for I/O; task 2 is ready but the loop is busy");
  EXPECT_EQ (caption (f.replay, 0, 1260 * MS),
             "event-loop: the loop runs task 2; tasks 1 and 3 wait for I/O");
  EXPECT_EQ (caption (f.replay, 0, 2500 * MS),
             "event-loop: task 1 waits for I/O; the loop is idle; tasks 2 and 3 are done");
  EXPECT_EQ (caption (f.replay, 0, 3 * S), "event-loop: finished after 3.00 s");

  EXPECT_EQ (caption (f.replay, 1, 1 * MS),
             "threads-gil: task 1 holds the lock; tasks 2–4 wait for it");
  EXPECT_EQ (caption (f.replay, 1, 7 * MS), "threads-gil: task 2 holds the lock; tasks 1, 3 and 4 are done")
    << "tasks 3 and 4 recorded nothing more: they are done too";
  EXPECT_EQ (lab_replay_dup_caption (f.replay, 2, 0), nullptr);
}

TEST (Replay, CaptionsDoNotDependOnTheWayThere)
{
  Fixture f;
  Fixture fresh;
  const gint64 times[] = { 2900 * MS, 0, 1210 * MS, 1100 * MS, 3 * S, 500 * MS, 1260 * MS };

  for (gint64 t : times)
    {
      g_autoptr(LabReplay) other = lab_replay_new (fresh.comparison);
      EXPECT_EQ (caption (f.replay, 0, t), caption (other, 0, t)) << "at " << t;
      EXPECT_EQ (caption (f.replay, 1, t), caption (other, 1, t)) << "at " << t;
    }

  g_auto (GStrv) lines = lab_replay_dup_captions (f.replay, 1 * MS);
  ASSERT_EQ (g_strv_length (lines), 2u);
  EXPECT_EQ (std::string (lines[1]), "threads-gil: task 1 holds the lock; tasks 2–4 wait for it");
}

TEST (Replay, ManyTasksAreCountedNotNamed)
{
  const guint n = 100000;
  g_autofree char *text = g_strdup_printf ("io %ux1s", n);
  LabWorkload *w = parse (text);
  LabComparison *comparison = lab_comparison_new (w, 2);
  LabTrace *trace = lab_trace_new ("event-loop", w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);

  lab_trace_begin (trace, T0);
  for (guint32 t = 0; t < n; t++)
    {
      /* the loop starts one wait every 10 µs, then runs each for 1 µs */
      gint64 start = T0 + t * 10000;
      lab_trace_writer_add (writer, t, LAB_STATE_QUEUED, -1, T0, start);
      lab_trace_writer_add (writer, t, LAB_STATE_WAITING_IO, -1, start, start + 1 * S);
      lab_trace_writer_add (writer, t, LAB_STATE_RUNNING, 0, start + 1 * S, start + 1 * S + 1000);
    }
  lab_trace_end (trace, T0 + n * 10000 + 1 * S + 1000);
  lab_comparison_add_trace (comparison, trace);

  LabReplay *replay = lab_replay_new (comparison);
  gsize n_events = 0;
  lab_replay_get_events (replay, &n_events);
  EXPECT_EQ (n_events, 4u * n - 1) << "task 1 has no queued time";

  EXPECT_EQ (caption (replay, 0, 1 * MS), "event-loop: 101 tasks wait for I/O; "
                                          "the loop is idle; 99899 tasks wait their turn");
  EXPECT_EQ (caption (replay, 0, 1 * S + 500), "event-loop: the loop runs task 1; "
             "99999 tasks wait for I/O")
    << "not idle while it runs a task";
  /* step through a thousand events both ways: every caption one line */
  gint64 t = 0;
  for (int i = 0; i < 1000 && lab_replay_next_event (replay, t, &t); i++)
    EXPECT_EQ (caption (replay, 0, t).find ('\n'), std::string::npos);
  EXPECT_EQ (caption (replay, 0, 1005 * MS).rfind ("event-loop: ", 0), 0u);
  EXPECT_EQ (caption (replay, 0, 0), "event-loop: task 1 waits for I/O; "
             "the loop is idle; 99999 tasks wait their turn");

  lab_replay_unref (replay);
  lab_trace_unref (trace);
  lab_comparison_unref (comparison);
  lab_workload_unref (w);
}

} // namespace
