// SPDX-License-Identifier: GPL-3.0-or-later
// Fault injection through the command line: worker processes that are
// killed, talk garbage, hang or cannot start, and a /proc/stat that cannot
// be read. The core suite tests the processes model itself; here the whole
// program must end, exit 1 and say what happened, on stderr and in the JSON
// summary, and leave no process behind.
#include <gtest/gtest.h>

#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "robust-helpers.h"

extern "C" {
#include <json-glib/json-glib.h>

#include "lab-comparison.h"
#include "lab-trace-json.h"
}

using namespace robust;

namespace {

class Faults : public ::testing::Test
{
protected:
  static void
  SetUpTestSuite ()
  {
    // Workers orphaned by the program are re-parented to us, where we see them.
    ASSERT_EQ (prctl (PR_SET_CHILD_SUBREAPER, 1), 0);
  }

  void
  TearDown () override
  {
    g_usleep (50 * 1000);
    std::vector<pid_t> left = children_of (getpid ());
    EXPECT_TRUE (left.empty ()) << "a worker process outlived the program: " << left[0];
    reap_children ();
  }
};

// The "tasks" of model @id in a --summary json output.
JsonArray *
tasks_of (JsonNode *root, const char *id)
{
  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");
  for (guint i = 0; models != nullptr && i < json_array_get_length (models); i++)
    {
      JsonObject *model = json_array_get_object_element (models, i);
      if (g_strcmp0 (json_object_get_string_member (model, "id"), id) == 0)
        return json_object_get_array_member (model, "tasks");
    }
  return nullptr;
}

JsonNode *
parse (const std::string &text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text.c_str (), (gssize) text.size (), nullptr))
    return nullptr;
  return json_node_copy (json_parser_get_root (parser));
}

// Reasons of the failed tasks of @id.
std::vector<std::string>
failure_reasons (JsonNode *root, const char *id)
{
  std::vector<std::string> reasons;
  JsonArray *tasks = tasks_of (root, id);
  for (guint i = 0; tasks != nullptr && i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      if (g_strcmp0 (json_object_get_string_member (task, "status"), "failed") == 0)
        reasons.emplace_back (json_object_get_string_member (task, "reason"));
    }
  return reasons;
}

struct FaultCase
{
  const char *name;
  const char *fault;        // LAB_WORKER_FAULT, or "kill" for a SIGKILL from the test
  const char *workload;
  const char *reason_part;  // what every failed task's reason says
  double      at_least_s;   // the run takes this long at least (the hang deadline)
};

class WorkerFault : public Faults, public ::testing::WithParamInterface<FaultCase>
{
};

TEST_P (WorkerFault, TheRunEndsExitsOneAndSaysWhy)
{
  const FaultCase &c = GetParam ();
  TempDir dir;
  std::string image = dir.file ("chart.png");
  Spawn spawn;
  pid_t killed = 0;

  spawn.args = { "run", "--models", "sequential,processes", "--workers", "2", "--workload",
                 c.workload, "--summary", "json", "-o", image };
  if (g_strcmp0 (c.fault, "kill") != 0)
    spawn.env = { std::string ("LAB_WORKER_FAULT=") + c.fault };
  else
    spawn.during = [&killed] (GPid pid, double) {
      // Once both workers are up and the processes model has been at it a
      // moment (the sequential model runs first), kill one of them.
      static gint64 seen_at = 0;
      if (killed != 0)
        return;
      std::vector<pid_t> workers = children_of (pid);
      if (workers.size () < 2)
        return;
      if (seen_at == 0)
        seen_at = g_get_monotonic_time ();
      if (g_get_monotonic_time () - seen_at > 60 * 1000)
        {
          killed = workers[0];
          kill (workers[0], SIGKILL);
          seen_at = 0;
        }
    };
  spawn.timeout_s = 30;
  Result r = run (spawn);

  ASSERT_FALSE (r.timed_out) << c.name << ": still running after 30 s";
  EXPECT_EQ (r.signal, 0) << c.name << ": the program crashed";
  EXPECT_EQ (r.status, 1) << c.name << "\n" << r.err;
  EXPECT_GE (r.seconds, c.at_least_s);
  if (g_strcmp0 (c.fault, "kill") == 0)
    {
      EXPECT_NE (killed, 0) << "a worker was found and killed";
    }
  // stderr names the model, says tasks failed and why.
  EXPECT_NE (r.err.find ("processes"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find ("failed"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find (c.reason_part), std::string::npos) << "stderr gives the reason:\n" << r.err;
  // The JSON summary lists each failed task with its reason.
  g_autoptr (JsonNode) root = parse (r.out);
  ASSERT_NE (root, nullptr) << r.out;
  std::vector<std::string> reasons = failure_reasons (root, "processes");
  EXPECT_FALSE (reasons.empty ()) << r.out;
  for (const auto &reason : reasons)
    EXPECT_TRUE (reason.find (c.reason_part) != std::string::npos ||
                 reason.find ("no worker process was left") != std::string::npos)
      << reason;
  EXPECT_TRUE (failure_reasons (root, "sequential").empty ()) << "the other model is untouched";
  // What was measured is still drawn.
  EXPECT_TRUE (g_file_test (image.c_str (), G_FILE_TEST_IS_REGULAR));
}

INSTANTIATE_TEST_SUITE_P (
  Cli, WorkerFault,
  ::testing::Values (
    FaultCase{ "killed", "kill", "cpu 4x400ms", "exited with signal 9", 0 },
    FaultCase{ "garbage", "garbage:1", "cpu 4x20ms", "sent a malformed message", 0 },
    FaultCase{ "garbage on every task", "garbage", "io 4x10ms", "sent a malformed message", 0 },
    FaultCase{ "exits", "exit:2", "mixed 4x20ms", "exited with status 3", 0 },
    // A silent worker is stopped at the model's deadline (5 s).
    FaultCase{ "hangs", "hang:0", "io 3x10ms", "sent nothing for 5 s", 4.9 }),
  [] (const ::testing::TestParamInfo<FaultCase> &info) {
    std::string name = info.param.name;
    std::replace (name.begin (), name.end (), ' ', '_');
    return name;
  });

struct ProgramCase
{
  const char *name;
  std::function<std::string (const TempDir &)> make;  // returns the worker path to use
};

class WorkerProgram : public Faults, public ::testing::WithParamInterface<ProgramCase>
{
};

// A worker program that is missing or cannot be executed: the processes
// model fails with an error naming it, the others run, exit 1.
TEST_P (WorkerProgram, IsAModelErrorNamingIt)
{
  const ProgramCase &c = GetParam ();
  TempDir dir;
  std::string path = c.make (dir);
  Result r = run ({ "run", "--models", "threads,processes", "--workload", "cpu 2x5ms", "--summary",
                    "json" },
                  { "LAB_WORKER_PATH=" + path });

  ASSERT_FALSE (r.timed_out);
  EXPECT_EQ (r.status, 1) << c.name << "\n" << r.err;
  EXPECT_NE (r.err.find ("processes failed"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find (path), std::string::npos) << "the message names the program:\n" << r.err;
  g_autoptr (JsonNode) root = parse (r.out);
  ASSERT_NE (root, nullptr) << r.out;
  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");
  JsonObject *processes = json_array_get_object_element (models, 1);
  ASSERT_TRUE (json_object_has_member (processes, "error"));
  EXPECT_NE (std::string (json_object_get_string_member (processes, "error")).find (path),
             std::string::npos);
  EXPECT_TRUE (failure_reasons (root, "threads").empty ());
}

INSTANTIATE_TEST_SUITE_P (
  Cli, WorkerProgram,
  ::testing::Values (
    ProgramCase{ "missing", [] (const TempDir &d) { return d.file ("no-such-worker"); } },
    ProgramCase{ "not_executable",
                 [] (const TempDir &d) {
                   std::string p = d.file ("worker");
                   write_file (p, "#!/bin/sh\nexit 0\n");
                   g_chmod (p.c_str (), 0644);
                   return p;
                 } },
    ProgramCase{ "a_folder",
                 [] (const TempDir &d) {
                   std::string p = d.file ("worker.d");
                   g_mkdir (p.c_str (), 0755);
                   return p;
                 } },
    ProgramCase{ "not_a_program",
                 [] (const TempDir &d) {
                   std::string p = d.file ("worker.bin");
                   write_file (p, "\x7f" "ELF garbage");
                   g_chmod (p.c_str (), 0755);
                   return p;
                 } }),
  [] (const ::testing::TestParamInfo<ProgramCase> &info) { return std::string (info.param.name); });

// /proc/stat replaced, in the program's own mount namespace, by @data.
struct ProcStat
{
  std::string file;
};

void
hide_proc_stat (gpointer data)
{
  auto *stat = static_cast<ProcStat *> (data);
  // Only syscalls here: this runs between fork and exec.
  if (unshare (CLONE_NEWNS) != 0 ||
      mount (nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      mount (stat->file.c_str (), "/proc/stat", nullptr, MS_BIND, nullptr) != 0)
    _exit (99);
}

bool
can_hide_proc_stat ()
{
  ProcStat stat = { "/dev/null" };
  const char *argv[] = { "/bin/true", nullptr };
  int status = -1;
  return g_spawn_sync (nullptr, (char **) argv, nullptr, G_SPAWN_DEFAULT, hide_proc_stat, &stat,
                       nullptr, nullptr, &status, nullptr) &&
         WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

struct StatCase
{
  const char *name;
  const char *contents;  // nullptr: the real /proc/stat
  bool        has_strip;
};

class ProcStatFault : public Faults, public ::testing::WithParamInterface<StatCase>
{
};

// Without a readable /proc/stat, the utilization strip is absent from the
// trace and the run is otherwise fine (exit 0, every task done, a picture).
TEST_P (ProcStatFault, NoStripAndTheRunIsFine)
{
  const StatCase &c = GetParam ();
  if (c.contents != nullptr && !can_hide_proc_stat ())
    GTEST_SKIP () << "no mount namespace here to hide /proc/stat in";
  TempDir dir;
  ProcStat stat = { dir.file ("stat") };
  if (c.contents != nullptr)
    write_file (stat.file, c.contents);
  Spawn spawn;
  spawn.args = { "run", "--models", "sequential,threads,processes", "--workload", "mixed 2x150ms",
                 "--summary", "none", "--trace", dir.file ("run.json"), "-o",
                 dir.file ("chart.png") };
  if (c.contents != nullptr)
    {
      spawn.setup = hide_proc_stat;
      spawn.setup_data = &stat;
    }
  Result r = run (spawn);

  ASSERT_FALSE (r.timed_out);
  EXPECT_EQ (r.status, 0) << c.name << "\n" << r.err;
  EXPECT_TRUE (g_file_test (dir.file ("chart.png").c_str (), G_FILE_TEST_IS_REGULAR));
  g_autoptr (GError) error = nullptr;
  g_autoptr (LabComparison) comparison = lab_trace_json_load (dir.file ("run.json").c_str (), &error);
  ASSERT_NE (comparison, nullptr) << error->message;
  for (guint i = 0; i < lab_comparison_get_n_traces (comparison); i++)
    {
      g_autoptr (LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      EXPECT_EQ (lab_trace_has_utilization (trace), c.has_strip)
        << c.name << ": " << lab_trace_get_model_id (trace);
      EXPECT_EQ (lab_trace_get_error (trace), nullptr);
      for (guint32 t = 0; t < 2; t++)
        EXPECT_EQ (lab_trace_task_get_status (trace, t), LAB_TASK_STATUS_DONE);
    }
}

INSTANTIATE_TEST_SUITE_P (
  Cli, ProcStatFault,
  ::testing::Values (StatCase{ "real", nullptr, true },  // the control: a strip is there
                     StatCase{ "empty", "", false },
                     StatCase{ "garbage", "cpu  what is this\ncpu0 x y z\n", false },
                     StatCase{ "no_per_core_lines", "cpu  1 2 3 4 5 6 7 8 9 10\nintr 5\n", false }),
  [] (const ::testing::TestParamInfo<StatCase> &info) { return std::string (info.param.name); });

}  // namespace
