// SPDX-License-Identifier: GPL-3.0-or-later
// The event loop's timers: earliest deadline first, equal deadlines in the
// order they were set, whether a deadline came in order or not.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

extern "C" {
#include "lab-model-event-loop-private.h"
}

namespace {

struct Timers
{
  LabLoopTimers t;
  Timers () { _lab_loop_timers_init (&t, 16); }
  ~Timers () { _lab_loop_timers_clear (&t); }
};

TEST (LoopTimers, InOrderAndOutOfOrderDeadlinesComeOutSorted)
{
  std::mt19937 random (7);
  Timers timers;
  // What was set and not yet taken: (deadline, order set, task).
  std::vector<std::tuple<gint64, guint, guint32>> open;
  guint set = 0;
  gint64 now = 1000;

  for (int step = 0; step < 30000; step++)
    {
      bool push = open.empty () || random () % 3 != 0;
      if (push)
        {
          // Mostly waits of one length started in order (the queue), some
          // shorter ones and some equal deadlines (the heap).
          gint64 deadline = now + (random () % 10 == 0 ? (gint64) (random () % 500) : 1000);
          if (random () % 20 == 0 && !open.empty ())
            deadline = std::get<0> (open[random () % open.size ()]);
          guint32 task = (guint32) step;
          _lab_loop_timers_push (&timers.t, now, deadline, task);
          open.emplace_back (deadline, set++, task);
          now += random () % 3;
        }
      else
        {
          auto first = std::min_element (open.begin (), open.end ());
          ASSERT_NE (_lab_loop_timers_peek (&timers.t), nullptr);
          guint32 peeked = _lab_loop_timers_peek (&timers.t)->task;
          LabLoopTimer got = _lab_loop_timers_pop (&timers.t);
          ASSERT_EQ (peeked, got.task) << "peek names what pop takes";
          ASSERT_EQ (got.deadline_ns, std::get<0> (*first)) << "at step " << step;
          ASSERT_EQ (got.task, std::get<2> (*first)) << "equal deadlines in the order set";
          open.erase (first);
        }
      ASSERT_EQ (_lab_loop_timers_count (&timers.t), open.size ());
    }
  // Every open timer can be visited (for the live hand-over and a cancel).
  std::vector<guint32> visited;
  for (guint i = 0; i < _lab_loop_timers_count (&timers.t); i++)
    visited.push_back (_lab_loop_timers_at (&timers.t, i)->task);
  std::vector<guint32> expected;
  for (const auto &o : open)
    expected.push_back (std::get<2> (o));
  std::sort (visited.begin (), visited.end ());
  std::sort (expected.begin (), expected.end ());
  EXPECT_EQ (visited, expected);
}

TEST (LoopTimers, AMillionWaitsOfOneLengthStayInTheQueue)
{
  Timers timers;

  for (guint32 task = 0; task < 1000000; task++)
    _lab_loop_timers_push (&timers.t, task, task + 1000, task);
  EXPECT_EQ (timers.t.heap->len, 0u) << "deadlines set in order need no heap";
  for (guint32 task = 0; task < 1000000; task++)
    ASSERT_EQ (_lab_loop_timers_pop (&timers.t).task, task);
  EXPECT_EQ (_lab_loop_timers_count (&timers.t), 0u);
  EXPECT_EQ (_lab_loop_timers_peek (&timers.t), nullptr);
}

}  // namespace
