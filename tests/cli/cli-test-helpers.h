// SPDX-License-Identifier: GPL-3.0-or-later
// Running the built program ($LAB_PROGRAM) as a user would, with no display.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

extern "C" {
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
}

namespace cli_test {

struct Result
{
  int         status = -1;  // exit code; -1 if killed by a signal
  std::string out;
  std::string err;
};

inline const char *
program ()
{
  const char *path = g_getenv ("LAB_PROGRAM");
  return path != nullptr ? path : "concurrency-lab";
}

// The environment of the tests, with no display at all, and @extra:
// NAME=VALUE sets a variable, NAME alone removes it.
inline char **
headless_environ (const std::vector<std::string> &extra = {})
{
  char **env = g_get_environ ();
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  for (const auto &kv : extra)
    {
      auto eq = kv.find ('=');
      // A name alone: that variable is not in the environment at all.
      if (eq == std::string::npos)
        env = g_environ_unsetenv (env, kv.c_str ());
      else
        env = g_environ_setenv (env, kv.substr (0, eq).c_str (), kv.substr (eq + 1).c_str (), TRUE);
    }
  return env;
}

inline std::vector<char *>
make_argv (const std::vector<std::string> &args)
{
  std::vector<char *> argv;
  argv.push_back (const_cast<char *> (program ()));
  for (const auto &a : args)
    argv.push_back (const_cast<char *> (a.c_str ()));
  argv.push_back (nullptr);
  return argv;
}

inline Result
run (const std::vector<std::string> &args,
     const std::vector<std::string> &extra_env = {})
{
  std::vector<char *> argv = make_argv (args);
  g_auto (GStrv) env = headless_environ (extra_env);
  g_autofree char *out = nullptr;
  g_autofree char *err = nullptr;
  g_autoptr (GError) error = nullptr;
  int wait_status = 0;
  Result result;

  if (!g_spawn_sync (nullptr, argv.data (), env, G_SPAWN_DEFAULT, nullptr, nullptr, &out, &err,
                     &wait_status, &error))
    {
      ADD_FAILURE () << "cannot start " << program () << ": " << error->message;
      return result;
    }
  if (WIFEXITED (wait_status))
    result.status = WEXITSTATUS (wait_status);
  result.out = out != nullptr ? out : "";
  result.err = err != nullptr ? err : "";
  return result;
}

// A fresh folder, removed with what is in it (one level) at the end.
struct TempDir
{
  std::string path;

  TempDir ()
  {
    g_autoptr (GError) error = nullptr;
    char *p = g_dir_make_tmp ("lab-cli-XXXXXX", &error);
    path = p != nullptr ? p : "";
    g_free (p);
  }

  ~TempDir ()
  {
    for (const auto &name : list ())
      {
        std::string child = file (name);
        if (g_file_test (child.c_str (), G_FILE_TEST_IS_DIR))
          g_rmdir (child.c_str ());
        else
          g_unlink (child.c_str ());
      }
    g_rmdir (path.c_str ());
  }

  std::string file (const std::string &name) const { return path + "/" + name; }

  std::vector<std::string> list () const
  {
    std::vector<std::string> names;
    GDir *dir = g_dir_open (path.c_str (), 0, nullptr);
    if (dir == nullptr)
      return names;
    for (const char *n = g_dir_read_name (dir); n != nullptr; n = g_dir_read_name (dir))
      names.emplace_back (n);
    g_dir_close (dir);
    std::sort (names.begin (), names.end ());
    return names;
  }
};

/* A summary's JSON, parsed; a failure names the text. */
inline JsonNode *
parse_json (const std::string &text)
{
  g_autoptr (GError) error = nullptr;
  JsonNode *root = json_from_string (text.c_str (), &error);
  EXPECT_NE (root, nullptr) << (error != nullptr ? error->message : "empty") << "\n" << text;
  return root;
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

inline void
write_file (const std::string &path, const std::string &contents)
{
  ASSERT_TRUE (g_file_set_contents (path.c_str (), contents.data (), (gssize) contents.size (),
                                    nullptr));
}

inline bool
exists (const std::string &path)
{
  return g_file_test (path.c_str (), G_FILE_TEST_EXISTS);
}

// A suite that renders one saved run: the trace of three short waits under
// sequential and event-loop, written once for the whole suite.
class SavedTraceTest : public ::testing::Test
{
protected:
  static inline TempDir    *dir = nullptr;
  static inline std::string trace;

  static void
  SetUpTestSuite ()
  {
    dir = new TempDir ();
    trace = dir->file ("saved.json");
    Result r = run ({ "run", "--models", "sequential,event-loop", "--durations", "30,10,20ms",
                      "--summary", "none", "--trace", trace });
    ASSERT_EQ (r.status, 0) << r.err;
  }

  static void
  TearDownTestSuite ()
  {
    delete dir;
    dir = nullptr;
  }
};

}  // namespace cli_test
