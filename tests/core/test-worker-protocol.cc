// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

extern "C" {
#include "lab-duration.h"
#include "lab-error.h"
#include "lab-worker-protocol.h"
}

namespace {

std::string
encode (const LabWorkerMessage &m)
{
  char buffer[LAB_WORKER_MESSAGE_MAX];
  gsize n = lab_worker_message_encode (&m, buffer, sizeof buffer);
  return std::string (buffer, n);
}

bool
decode (const std::string &line, LabWorkerMessage *m, std::string *why = nullptr)
{
  GError *error = nullptr;
  gboolean ok = lab_worker_message_decode (line.data (), line.size (), m, &error);
  if (!ok)
    {
      EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID));
      EXPECT_GT (strlen (error->message), 0u);
      if (why != nullptr)
        *why = error->message;
    }
  else
    EXPECT_EQ (error, nullptr);
  g_clear_error (&error);
  return ok;
}

LabWorkerMessage
round_trip (const LabWorkerMessage &m)
{
  std::string line = encode (m);
  LabWorkerMessage out;
  memset (&out, 0xaa, sizeof out);
  EXPECT_GT (line.size (), 0u);
  EXPECT_EQ (line.back (), '\n');
  EXPECT_TRUE (decode (line, &out)) << line;
  EXPECT_EQ (out.kind, m.kind);
  return out;
}

TEST (WorkerProtocol, RoundTripEveryMessage)
{
  LabWorkerMessage ready = {};
  ready.kind = LAB_WORKER_MESSAGE_READY;
  ready.version = LAB_WORKER_PROTOCOL_VERSION;
  ready.pid = 4194304;
  EXPECT_EQ (encode (ready), "ready 2 4194304\n");
  EXPECT_EQ (round_trip (ready).version, (guint32) LAB_WORKER_PROTOCOL_VERSION);
  EXPECT_EQ (round_trip (ready).pid, 4194304);
  // A version-1 worker said no pid: still read, so that the model can
  // name the version it spoke.
  ready.version = 1;
  ready.pid = 0;
  EXPECT_EQ (encode (ready), "ready 1\n");
  EXPECT_EQ (round_trip (ready).pid, 0);

  LabWorkerMessage task = {};
  task.kind = LAB_WORKER_MESSAGE_TASK;
  task.task = LAB_MAX_TASKS - 1;
  task.t_ns = G_MAXINT64;
  task.n_phases = 3;
  task.phases[0] = { LAB_PHASE_CPU, 1 };
  task.phases[1] = { LAB_PHASE_IO, LAB_DURATION_MAX_NS };
  task.phases[2] = { LAB_PHASE_CPU, 20000000 };
  LabWorkerMessage t = round_trip (task);
  EXPECT_EQ (t.task, task.task);
  EXPECT_EQ (t.t_ns, task.t_ns);
  ASSERT_EQ (t.n_phases, 3u);
  for (guint i = 0; i < 3; i++)
    {
      EXPECT_EQ (t.phases[i].kind, task.phases[i].kind);
      EXPECT_EQ (t.phases[i].ns, task.phases[i].ns);
    }
  EXPECT_LE (encode (task).size (), (size_t) LAB_WORKER_MESSAGE_MAX) << "the longest message fits";

  LabWorkerMessage start = {};
  start.kind = LAB_WORKER_MESSAGE_START;
  start.task = 5;
  start.t_ns = 123456789;
  EXPECT_EQ (encode (start), "start 5 123456789\n");
  EXPECT_EQ (round_trip (start).t_ns, 123456789);

  for (LabState state : { LAB_STATE_RUNNING, LAB_STATE_WAITING_IO, LAB_STATE_READY })
    for (gint core : { -1, 0, LAB_WORKER_MAX_CORE })
      {
        LabWorkerMessage seg = {};
        seg.kind = LAB_WORKER_MESSAGE_SEGMENT;
        seg.task = 7;
        seg.state = state;
        seg.core = core;
        seg.begin_ns = 1000;
        seg.end_ns = 1000 + core + 1;
        LabWorkerMessage s = round_trip (seg);
        EXPECT_EQ (s.task, 7u);
        EXPECT_EQ (s.state, state);
        EXPECT_EQ (s.core, core);
        EXPECT_EQ (s.begin_ns, seg.begin_ns);
        EXPECT_EQ (s.end_ns, seg.end_ns);
      }

  LabWorkerMessage done = {};
  done.kind = LAB_WORKER_MESSAGE_DONE;
  done.task = 0;
  done.cpu_ns = 0;
  done.t_ns = 99;
  EXPECT_EQ (encode (done), "done 0 0 99\n");
  LabWorkerMessage d = round_trip (done);
  EXPECT_EQ (d.cpu_ns, 0);
  EXPECT_EQ (d.t_ns, 99);
}

TEST (WorkerProtocol, EncodeRefusesWhatDecodeWouldReject)
{
  char buffer[LAB_WORKER_MESSAGE_MAX];
  LabWorkerMessage m = {};

  m.kind = LAB_WORKER_MESSAGE_SEGMENT;
  m.task = 1;
  m.state = LAB_STATE_QUEUED;  // the parent's state, not a worker's
  m.begin_ns = 1;
  m.end_ns = 2;
  EXPECT_EQ (lab_worker_message_encode (&m, buffer, sizeof buffer), 0u);
  m.state = LAB_STATE_RUNNING;
  m.end_ns = 0;  // ends before it begins
  EXPECT_EQ (lab_worker_message_encode (&m, buffer, sizeof buffer), 0u);
  m.end_ns = 2;
  EXPECT_GT (lab_worker_message_encode (&m, buffer, sizeof buffer), 0u);
  EXPECT_EQ (lab_worker_message_encode (&m, buffer, 5), 0u) << "does not fit";

  LabWorkerMessage task = {};
  task.kind = LAB_WORKER_MESSAGE_TASK;
  task.task = LAB_MAX_TASKS;  // out of range
  task.t_ns = 1;
  task.n_phases = 1;
  task.phases[0] = { LAB_PHASE_CPU, 1 };
  EXPECT_EQ (lab_worker_message_encode (&task, buffer, sizeof buffer), 0u);
  task.task = 0;
  task.n_phases = 0;
  EXPECT_EQ (lab_worker_message_encode (&task, buffer, sizeof buffer), 0u);
}

TEST (WorkerProtocol, RejectsMalformedMessages)
{
  const std::string long_line = "seg 1 running 0 1 " + std::string (300, '2') + "\n";
  const struct
  {
    std::string line;
    const char *what;
  } bad[] = {
    { "", "empty" },
    { "ready 1", "no newline" },
    { "\n", "empty line" },
    { "hello 1\n", "unknown keyword" },
    { "READY 1\n", "keywords are lower case" },
    { "ready 0\n", "version 0" },
    { "ready 2 7 1\n", "extra field" },
    { "ready 2 0\n", "pid 0" },
    { "ready 2 -5\n", "negative pid" },
    { "ready 2 2147483648\n", "pid overflows" },
    { "ready 2 07\n", "pid with a leading zero" },
    { "ready  1\n", "two spaces" },
    { " ready 1\n", "leading space" },
    { "ready 1 \n", "trailing space" },
    { "ready 01\n", "leading zero" },
    { "ready +1\n", "sign" },
    { "ready 1\r\n", "carriage return" },
    { std::string ("ready 1\0\n", 9), "NUL byte" },
    { "start 5\n", "missing field" },
    { "start 1000000 5\n", "task out of range" },
    { "start 5 0\n", "time zero" },
    { "start 5 -7\n", "negative time" },
    { "start 5 9223372036854775808\n", "time overflows" },
    { "start 5 99999999999999999999999\n", "time far too long" },
    { "seg 1 queued 0 1 2\n", "a state only the parent records" },
    { "seg 1 waiting-lock 0 1 2\n", "no GIL in a worker" },
    { "seg 1 sleeping 0 1 2\n", "unknown state" },
    { "seg 1 running -2 1 2\n", "core below -1" },
    { "seg 1 running 4096 1 2\n", "core too large" },
    { "seg 1 running -0 1 2\n", "minus zero" },
    { "seg 1 running 0 5 4\n", "ends before it begins" },
    { "seg 1 running 0 1 2 3\n", "extra field" },
    { "seg 1 running 0 1x 2\n", "not a number" },
    { "done 1 -5 10\n", "negative CPU time" },
    { "done 1 5\n", "missing time" },
    { "task 1 10\n", "no phase" },
    { "task 1 10 cpu:1 io:1 cpu:1 io:1\n", "four phases" },
    /* Found by fuzzing: the fourth phase was stored past the message. */
    { "task 99999 42 cpu:10000 io:2000000 io:2000000 cpu:3\n", "four phases, largest task" },
    { "task 1 10 gpu:5\n", "unknown phase kind" },
    { "task 1 10 cpu:0\n", "empty phase" },
    { "task 1 10 io:3600000000001\n", "phase over the limit" },
    { "task 1 10 cpu5\n", "phase without a colon" },
    { "seg \x01\xff not a message\n", "control and high bytes" },
    { "caf\xc3\xa9 1\n", "UTF-8" },
    { long_line, "longer than the limit" },
  };

  ASSERT_GE (G_N_ELEMENTS (bad), 15u);
  for (const auto &b : bad)
    {
      LabWorkerMessage m;
      std::string why;
      EXPECT_FALSE (decode (b.line, &m, &why)) << b.what;
      EXPECT_FALSE (why.empty ()) << b.what;
    }
}

// The decoder looks only at the bytes it is given: a line is accepted
// from a buffer with no terminating NUL, and cut anywhere it is rejected.
TEST (WorkerProtocol, NeverReadsPastTheLength)
{
  const char full[] = "seg 3 running 1 100 200\nGARBAGE";
  LabWorkerMessage m;

  EXPECT_TRUE (lab_worker_message_decode (full, 24, &m, nullptr));
  EXPECT_EQ (m.end_ns, 200);
  for (gsize n = 0; n < 24; n++)
    EXPECT_FALSE (lab_worker_message_decode (full, n, &m, nullptr)) << n;
}

// Random bytes and random mutations of good lines never crash the decoder,
// and whatever it accepts encodes back to the same line.
TEST (WorkerProtocol, RandomInputIsRejectedOrRoundTrips)
{
  std::mt19937 random (7);
  const char *good[] = { "ready 2 77\n", "task 2 100 cpu:5 io:6 cpu:7\n", "start 2 101\n",
                         "seg 2 ready 0 101 102\n", "done 2 1 103\n" };
  guint accepted = 0;

  for (int i = 0; i < 20000; i++)
    {
      std::string line = good[random () % G_N_ELEMENTS (good)];
      int edits = 1 + random () % 3;
      for (int e = 0; e < edits; e++)
        {
          size_t at = random () % line.size ();
          switch (random () % 3)
            {
            case 0: line[at] = (char) (random () % 256); break;
            case 1: line.erase (at, 1); break;
            default: line.insert (at, 1, "0123456789 -:\n"[random () % 14]); break;
            }
        }
      LabWorkerMessage m;
      if (lab_worker_message_decode (line.data (), line.size (), &m, nullptr))
        {
          accepted++;
          EXPECT_EQ (encode (m), line);
        }
    }
  EXPECT_GT (accepted, 0u) << "some mutations are still valid messages";
}

}  // namespace
