// SPDX-License-Identifier: GPL-3.0-or-later
// SIGINT and SIGTERM in the middle of a run: a prompt stop, the documented
// exit code, no file written and no process left behind.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli-test-helpers.h"

extern "C" {
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
}

using cli_test::TempDir;

namespace {

struct SignalCase
{
  int                      signum;
  int                      status;
  std::vector<std::string> models;
};

class Interrupt : public ::testing::TestWithParam<SignalCase>
{
protected:
  void
  SetUp () override
  {
    // Worker processes orphaned by the program would be re-parented to us,
    // where the test can see them.
    ASSERT_EQ (prctl (PR_SET_CHILD_SUBREAPER, 1), 0);
  }
};

gint64
now_us ()
{
  return g_get_monotonic_time ();
}

// Our child processes, running or zombie, from /proc.
std::vector<pid_t>
children ()
{
  std::vector<pid_t> pids;
  GDir *proc = g_dir_open ("/proc", 0, nullptr);
  if (proc == nullptr)
    return pids;
  for (const char *name = g_dir_read_name (proc); name != nullptr; name = g_dir_read_name (proc))
    {
      if (!g_ascii_isdigit (name[0]))
        continue;
      std::string stat = cli_test::read_file (std::string ("/proc/") + name + "/stat");
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
      size_t paren = stat.rfind (')');
      int ppid = 0;
      char state = 0;
      if (paren != std::string::npos &&
          sscanf (stat.c_str () + paren + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid ())
        pids.push_back ((pid_t) atoi (name));
    }
  g_dir_close (proc);
  return pids;
}

// Waits up to @timeout_us for @pid; returns its wait status, or -1.
int
wait_for (GPid pid, gint64 timeout_us)
{
  gint64 deadline = now_us () + timeout_us;
  int status = 0;

  while (now_us () < deadline)
    {
      pid_t done = waitpid (pid, &status, WNOHANG);
      if (done == pid)
        return status;
      g_usleep (2000);
    }
  return -1;
}

TEST_P (Interrupt, StopsPromptlyAndWritesNothing)
{
  const SignalCase &c = GetParam ();
  TempDir dir;
  std::vector<std::string> args = { "run", "--models", c.models[0], "--kind", c.models[1],
                                    "--tasks", "4", "--duration", "20s", "-o",
                                    dir.file ("chart.png"), "--trace", dir.file ("run.json") };
  std::vector<char *> argv = cli_test::make_argv (args);
  g_auto (GStrv) env = cli_test::headless_environ ();
  g_autoptr (GError) error = nullptr;
  int null_fd = open ("/dev/null", O_WRONLY);
  GPid pid = 0;

  ASSERT_TRUE (g_spawn_async_with_fds (nullptr, argv.data (), env, G_SPAWN_DO_NOT_REAP_CHILD,
                                       nullptr, nullptr, &pid, -1, null_fd, null_fd, &error))
    << error->message;
  close (null_fd);

  // Well into the run: calibration and start-up are over in a fraction of this.
  g_usleep (600 * 1000);
  ASSERT_EQ (waitpid (pid, nullptr, WNOHANG), 0) << "the run ended before the signal";
  gint64 sent = now_us ();
  ASSERT_EQ (kill (pid, c.signum), 0);
  int status = wait_for (pid, 10 * G_USEC_PER_SEC);
  gint64 took = now_us () - sent;

  if (status == -1)
    {
      kill (pid, SIGKILL);
      waitpid (pid, nullptr, 0);
      FAIL () << "still running 10 s after the signal";
    }
  ASSERT_TRUE (WIFEXITED (status)) << "killed by signal " << WTERMSIG (status);
  EXPECT_EQ (WEXITSTATUS (status), c.status);
  EXPECT_LT (took, G_USEC_PER_SEC) << "took " << took / 1000 << " ms to stop";
  printf ("[ measure  ] %s %s: stopped %.1f ms after the signal\n", strsignal (c.signum),
          c.models[0].c_str (), took / 1000.0);
  EXPECT_EQ (dir.list (), std::vector<std::string>{}) << "something was written";

  // No worker process outlived the program (they would be our children now).
  g_usleep (50 * 1000);
  std::vector<pid_t> left = children ();
  EXPECT_EQ (left.size (), 0u) << "child processes were left behind, e.g. " << left[0];
  for (pid_t child : left)
    {
      kill (child, SIGKILL);
      waitpid (child, nullptr, 0);
    }
}

INSTANTIATE_TEST_SUITE_P (
  Cli, Interrupt,
  ::testing::Values (SignalCase{ SIGINT, 130, { "sequential,event-loop", "io" } },
                     SignalCase{ SIGTERM, 143, { "event-loop,threads", "io" } },
                     SignalCase{ SIGINT, 130, { "threads,threads-gil", "cpu" } },
                     SignalCase{ SIGINT, 130, { "processes", "cpu" } },
                     SignalCase{ SIGTERM, 143, { "processes", "io" } },
                     SignalCase{ SIGTERM, 143, { "loop-offload,threads-gil", "mixed" } },
                     SignalCase{ SIGINT, 130, { "processes,threads", "mixed" } }));

}  // namespace
