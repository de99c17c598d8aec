// SPDX-License-Identifier: GPL-3.0-or-later
// `concurrency-lab trace` against programs that misbehave: a thousand
// children, SIGTERM ignored, death by a signal, threads and processes
// that come and go between two readings (their /proc entries vanishing
// mid-read), an orphan that outlives its parent. Each gives a correct
// trace or a clear message, never a crash, and nothing is left running.
#include "robust-helpers.h"

#include <json-glib/json-glib.h>

using namespace robust;

namespace {

std::string
python ()
{
  const char *p = g_getenv ("LAB_TEST_PYTHON");
  return p != nullptr ? p : "/usr/bin/python3";
}

// Whether @pid runs (a zombie waiting for another parent does not).
bool
is_running (int pid)
{
  std::string stat = read_file ("/proc/" + std::to_string (pid) + "/stat");
  size_t paren = stat.rfind (')');
  return paren != std::string::npos && paren + 2 < stat.size () && stat[paren + 2] != 'Z'
         && stat[paren + 2] != 'X';
}

// The summary's processes: pid, and the lanes there were.
struct Summary
{
  std::vector<int> pids;
  guint            lanes = 0;
  std::string      state;  // "complete", "stopped"…
  bool             ok = false;
};

Summary
read_summary (const std::string &json_text)
{
  Summary s;
  size_t start = json_text.find ("{\n");
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (start == std::string::npos
      || !json_parser_load_from_data (parser, json_text.c_str () + start, -1, nullptr))
    return s;
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *model = json_array_get_object_element (json_object_get_array_member (root, "models"), 0);
  JsonArray *processes = json_object_get_array_member (model, "processes");
  for (guint i = 0; i < json_array_get_length (processes); i++)
    s.pids.push_back ((int) json_object_get_int_member (json_array_get_object_element (processes, i), "pid"));
  s.lanes = json_array_get_length (json_object_get_array_member (model, "tasks"));
  s.state = json_object_get_string_member (model, "state");
  s.ok = true;
  return s;
}

void
expect_none_running (const Summary &s)
{
  for (int pid : s.pids)
    EXPECT_FALSE (is_running (pid)) << "process " << pid << " of the program still runs";
}

TEST (RobustTrace, AThousandChildren)
{
  Result r = run ({ "trace", "--summary", "json", "--", "sh", "-c",
                    "i=0; while [ $i -lt 1000 ]; do sleep 1 & i=$((i+1)); done; wait" },
                  {}, 120);
  Summary s = read_summary (r.out);

  ASSERT_EQ (r.status, 0) << r.err;
  ASSERT_TRUE (s.ok) << r.out.substr (0, 500);
  // Every child lived a second: none escaped the tracer.
  EXPECT_GE (s.pids.size (), 1001u) << "lanes: " << s.lanes << "\n" << r.out.substr (0, 1500)
                                    << "\n" << r.err.substr (0, 1500);
  expect_none_running (s);
  EXPECT_TRUE (children_of (getpid ()).empty ());
}

TEST (RobustTrace, SigtermIgnoredIsKilledAfterTheGracePeriod)
{
  TempDir dir;
  Spawn spawn;
  bool sent = false;

  spawn.args = { "trace", "--kill-after", "0.5", "--summary", "json", "--", "sh", "-c",
                 "trap '' TERM; sleep 60 & sleep 60 & wait" };
  spawn.timeout_s = 30;
  spawn.during = [&sent] (GPid pid, double elapsed) {
    if (!sent && elapsed > 1.0)
      {
        kill (pid, SIGTERM);
        sent = true;
      }
  };
  Result r = run (spawn);
  Summary s = read_summary (r.out);

  EXPECT_FALSE (r.timed_out);
  EXPECT_EQ (r.status, 128 + SIGKILL) << r.err;
  EXPECT_LT (r.seconds, 10.0);
  ASSERT_TRUE (s.ok) << r.out;
  EXPECT_EQ (s.pids.size (), 3u);
  expect_none_running (s);
  // Ended by us: a part of its run, marked as such.
  EXPECT_EQ (s.state, "stopped");
}

// Ctrl+C is passed on: the program dies of it, and what was measured is
// still written.
TEST (RobustTrace, SigintIsPassedOnAndTheTraceWritten)
{
  TempDir dir;
  std::string file = dir.file ("t.json");
  Spawn spawn;
  bool sent = false;

  spawn.args = { "trace", "--trace", file, "--", "sleep", "60" };
  spawn.during = [&sent] (GPid pid, double elapsed) {
    if (!sent && elapsed > 0.8)
      {
        kill (pid, SIGINT);
        sent = true;
      }
  };
  Result r = run (spawn);

  EXPECT_EQ (r.status, 128 + SIGINT) << r.err;
  EXPECT_LT (r.seconds, 10.0);
  EXPECT_NE (read_file (file).find ("\"observed\""), std::string::npos);
}

TEST (RobustTrace, KilledBySignal)
{
  Result r = run ({ "trace", "--summary", "json", "--", "sh", "-c", "kill -SEGV $$" });
  Summary s = read_summary (r.out);

  EXPECT_EQ (r.status, 128 + SIGSEGV) << r.err;
  EXPECT_TRUE (s.ok);
  // Not by us: the whole of its run, however it ended.
  EXPECT_EQ (s.state, "complete");
}

// Threads that live a few milliseconds, a hundred at a time: lanes for
// those seen, nothing made up for the rest.
TEST (RobustTrace, ThreadsComeAndGo)
{
  const char *script =
    "import threading, time\n"
    "def work():\n"
    "    sum(range(20000))\n"
    "for _ in range(20):\n"
    "    ts = [threading.Thread(target=work) for _ in range(100)]\n"
    "    [t.start() for t in ts]\n"
    "    [t.join() for t in ts]\n"
    "print('done')\n";
  Result r = run ({ "trace", "--summary", "json", "--", python (), "-c", script }, {}, 120);
  Summary s = read_summary (r.out);

  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (r.out.find ("done"), std::string::npos);
  ASSERT_TRUE (s.ok);
  EXPECT_GE (s.lanes, 2u);
  EXPECT_LE (s.lanes, 2001u);
}

// Processes that start and end between two readings: their /proc entries
// vanish while being read, or before.
TEST (RobustTrace, ProcessesThatVanishMidRead)
{
  Result r = run ({ "trace", "--rate", "10000", "--summary", "json", "--", "sh", "-c",
                    "i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done" }, {}, 120);
  Summary s = read_summary (r.out);

  ASSERT_EQ (r.status, 0) << r.err;
  ASSERT_TRUE (s.ok);
  EXPECT_GE (s.pids.size (), 1u);
  expect_none_running (s);
}

// A daemon's double fork: the orphan is the tracer's to follow (it is
// their reaper), and tracing lasts until it ends too.
TEST (RobustTrace, OrphansAreFollowedToTheirEnd)
{
  Result r = run ({ "trace", "--summary", "json", "--", "sh", "-c", "(sleep 1 &) ; exit 0" });
  Summary s = read_summary (r.out);

  ASSERT_EQ (r.status, 0) << r.err;
  ASSERT_TRUE (s.ok);
  EXPECT_GE (r.seconds, 0.9);
  EXPECT_GE (s.pids.size (), 2u);
  expect_none_running (s);
}

TEST (RobustTrace, CommandThatExitsAtOnce)
{
  TempDir dir;
  std::string file = dir.file ("t.json");
  Result r = run ({ "trace", "--trace", file, "--", "true" });

  EXPECT_EQ (r.status, 0) << r.err;
  EXPECT_NE (read_file (file).find ("\"observed\""), std::string::npos);
}

}  // namespace
