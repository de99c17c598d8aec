// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the robustness tests: the built program run with a deadline,
// and what a process holds (threads, descriptors, children) read from /proc.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

extern "C" {
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
}

namespace robust {

struct Result
{
  int         status = -1;     // exit code; -1 if killed by a signal or timed out
  int         signal = 0;      // the signal that ended it, if one did
  bool        timed_out = false;
  bool        started = false;   // false: the program could not be executed
  double      seconds = 0;     // from start to exit
  std::string out;
  std::string err;
};

inline const char *
program ()
{
  const char *path = g_getenv ("LAB_PROGRAM");
  return path != nullptr ? path : "concurrency-lab";
}

inline std::string
read_file (const std::string &path)
{
  g_autofree char *data = nullptr;
  gsize len = 0;
  if (!g_file_get_contents (path.c_str (), &data, &len, nullptr))
    return {};
  return std::string (data, len);
}

inline std::string
quote (const std::vector<std::string> &args)
{
  std::string s;
  for (const auto &a : args)
    s += (s.empty () ? "" : " ") + (a.empty () ? std::string ("''")
                                                : a.size () > 60 ? a.substr (0, 57) + "..." : a);
  return s;
}

// The pids whose parent is @parent, zombies included (from /proc/*/stat).
inline std::vector<pid_t>
children_of (pid_t parent)
{
  std::vector<pid_t> pids;
  GDir *dir = g_dir_open ("/proc", 0, nullptr);
  if (dir == nullptr)
    return pids;
  for (const char *name = g_dir_read_name (dir); name != nullptr; name = g_dir_read_name (dir))
    {
      if (!g_ascii_isdigit (name[0]))
        continue;
      std::string stat = read_file (std::string ("/proc/") + name + "/stat");
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
      size_t paren = stat.rfind (')');
      char state = 0;
      int ppid = 0;
      if (paren != std::string::npos &&
          sscanf (stat.c_str () + paren + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
        pids.push_back ((pid_t) atoi (name));
    }
  g_dir_close (dir);
  return pids;
}

inline guint
count_entries (const char *folder)
{
  guint n = 0;
  GDir *dir = g_dir_open (folder, 0, nullptr);
  if (dir == nullptr)
    return 0;
  while (g_dir_read_name (dir) != nullptr)
    n++;
  g_dir_close (dir);
  return n;
}

inline guint count_threads () { return count_entries ("/proc/self/task"); }
inline guint count_fds () { return count_entries ("/proc/self/fd"); }

// Resident set size in kB, from /proc/self/status.
inline long
rss_kb ()
{
  std::string status = read_file ("/proc/self/status");
  size_t at = status.find ("VmRSS:");
  return at == std::string::npos ? -1 : atol (status.c_str () + at + 6);
}

// Kills and reaps what is left of our children (the test's own clean-up).
inline void
reap_children ()
{
  for (pid_t child : children_of (getpid ()))
    {
      kill (child, SIGKILL);
      waitpid (child, nullptr, 0);
    }
}

struct Spawn
{
  std::vector<std::string> args;
  std::vector<std::string> env;          // NAME=VALUE added to the environment
  GSpawnChildSetupFunc     setup = nullptr;  // runs in the child before exec
  gpointer                 setup_data = nullptr;
  double                   timeout_s = 30;
  bool                     may_not_start = false;  // no test failure if exec fails
  // Called every few ms while the program runs; may signal it.
  std::function<void (GPid pid, double elapsed_s)> during;
};

// Runs the program with stdout and stderr in files and a deadline: a
// program still running at @timeout_s is killed and reported as timed out.
inline Result
run (const Spawn &spawn)
{
  Result result;
  std::vector<char *> argv;
  argv.push_back (const_cast<char *> (program ()));
  for (const auto &a : spawn.args)
    argv.push_back (const_cast<char *> (a.c_str ()));
  argv.push_back (nullptr);

  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  for (const auto &kv : spawn.env)
    {
      auto eq = kv.find ('=');
      env = g_environ_setenv (env, kv.substr (0, eq).c_str (), kv.substr (eq + 1).c_str (), TRUE);
    }

  g_autofree char *out_path = nullptr;
  g_autofree char *err_path = nullptr;
  int out_fd = g_file_open_tmp ("lab-robust-out-XXXXXX", &out_path, nullptr);
  int err_fd = g_file_open_tmp ("lab-robust-err-XXXXXX", &err_path, nullptr);
  int null_fd = open ("/dev/null", O_RDONLY);
  g_autoptr (GError) error = nullptr;
  GPid pid = 0;
  gint64 start = g_get_monotonic_time ();

  result.started = g_spawn_async_with_fds (nullptr, argv.data (), env, G_SPAWN_DO_NOT_REAP_CHILD,
                                           spawn.setup, spawn.setup_data, &pid, null_fd, out_fd,
                                           err_fd, &error);
  if (!result.started && !spawn.may_not_start)
    ADD_FAILURE () << "cannot start " << program () << ": " << error->message;
  close (null_fd);
  close (out_fd);
  close (err_fd);

  int wait_status = 0;
  while (pid != 0)
    {
      double elapsed = (g_get_monotonic_time () - start) / 1e6;
      if (waitpid (pid, &wait_status, WNOHANG) == pid)
        break;
      if (elapsed > spawn.timeout_s)
        {
          result.timed_out = true;
          kill (pid, SIGKILL);
          waitpid (pid, &wait_status, 0);
          break;
        }
      if (spawn.during)
        spawn.during (pid, elapsed);
      g_usleep (2000);
    }
  result.seconds = (g_get_monotonic_time () - start) / 1e6;
  if (!result.timed_out && WIFEXITED (wait_status))
    result.status = WEXITSTATUS (wait_status);
  if (WIFSIGNALED (wait_status))
    result.signal = WTERMSIG (wait_status);
  result.out = read_file (out_path);
  result.err = read_file (err_path);
  g_unlink (out_path);
  g_unlink (err_path);
  return result;
}

inline Result
run (const std::vector<std::string> &args, const std::vector<std::string> &env = {},
     double timeout_s = 30)
{
  Spawn spawn;
  spawn.args = args;
  spawn.env = env;
  spawn.timeout_s = timeout_s;
  return run (spawn);
}

// A fresh folder, removed with what is in it (one level) at the end.
struct TempDir
{
  std::string path;

  TempDir ()
  {
    char *p = g_dir_make_tmp ("lab-robust-XXXXXX", nullptr);
    path = p != nullptr ? p : "";
    g_free (p);
  }

  ~TempDir ()
  {
    for (const auto &name : list ())
      {
        std::string child = file (name);
        g_chmod (child.c_str (), 0700);
        if (g_file_test (child.c_str (), G_FILE_TEST_IS_DIR))
          {
            GDir *dir = g_dir_open (child.c_str (), 0, nullptr);
            for (const char *n = dir ? g_dir_read_name (dir) : nullptr; n != nullptr;
                 n = g_dir_read_name (dir))
              g_unlink ((child + "/" + n).c_str ());
            if (dir != nullptr)
              g_dir_close (dir);
            g_rmdir (child.c_str ());
          }
        else
          g_unlink (child.c_str ());
      }
    g_rmdir (path.c_str ());
  }

  std::string file (const std::string &name) const { return path + "/" + name; }

  std::vector<std::string> list (const std::string &sub = "") const
  {
    std::vector<std::string> names;
    GDir *dir = g_dir_open ((sub.empty () ? path : file (sub)).c_str (), 0, nullptr);
    if (dir == nullptr)
      return names;
    for (const char *n = g_dir_read_name (dir); n != nullptr; n = g_dir_read_name (dir))
      names.emplace_back (n);
    g_dir_close (dir);
    std::sort (names.begin (), names.end ());
    return names;
  }
};

inline void
write_file (const std::string &path, const std::string &contents)
{
  ASSERT_TRUE (g_file_set_contents (path.c_str (), contents.data (), (gssize) contents.size (),
                                    nullptr));
}

}  // namespace robust
