// SPDX-License-Identifier: GPL-3.0-or-later
// `render --replay-frames` and `--animate`: a saved run played back with
// captions as PNG frames or one animated SVG; bad values refused by name.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "cli-test-helpers.h"

using cli_test::exists;
using cli_test::read_file;
using cli_test::Result;
using cli_test::run;
using cli_test::TempDir;
using cli_test::write_file;

namespace {

class Replay : public cli_test::SavedTraceTest
{
};

std::vector<std::string>
list (const std::string &folder)
{
  std::vector<std::string> names;
  GDir *d = g_dir_open (folder.c_str (), 0, nullptr);
  for (const char *n; d != nullptr && (n = g_dir_read_name (d)) != nullptr;)
    names.emplace_back (n);
  if (d != nullptr)
    g_dir_close (d);
  std::sort (names.begin (), names.end ());
  return names;
}

void
remove_folder (const std::string &folder)
{
  for (const auto &name : list (folder))
    g_unlink ((folder + "/" + name).c_str ());
  g_rmdir (folder.c_str ());
}

TEST_F (Replay, FramesAreConsecutivePngs)
{
  std::string frames = dir->file ("frames");
  /* the sequential run is about 60 ms: at 1× and 100 frames a second, a frame
   * every 10 ms from 0 to its end */
  Result r = run ({ "render", trace, "--replay-frames", frames, "--fps", "100", "--size",
                    "320x240" });
  ASSERT_EQ (r.status, 0) << r.err;
  auto names = list (frames);
  ASSERT_GE (names.size (), 6u);
  EXPECT_LE (names.size (), 20u);
  EXPECT_NE (r.err.find ("Wrote " + std::to_string (names.size ()) + " frames"),
             std::string::npos) << r.err;
  for (size_t i = 0; i < names.size (); i++)
    {
      char expected[32];
      g_snprintf (expected, sizeof expected, "frame-%04zu.png", i + 1);
      EXPECT_EQ (names[i], expected);
      std::string data = read_file (frames + "/" + names[i]);
      ASSERT_GT (data.size (), 24u);
      EXPECT_EQ (data.compare (0, 8, "\x89PNG\r\n\x1a\n"), 0) << names[i];
      EXPECT_EQ (data.compare (12, 4, "IHDR"), 0);
      EXPECT_EQ ((guint8) data[18] << 8 | (guint8) data[19], 320) << "the width asked for";
    }

  /* at 0.25× four times as many, give or take the rounding at the end */
  std::string slow = dir->file ("slow");
  r = run ({ "render", trace, "--replay-frames", slow, "--fps", "100", "--speed", "0.25",
             "--size", "320x240" });
  ASSERT_EQ (r.status, 0) << r.err;
  size_t n_slow = list (slow).size ();
  EXPECT_GE (n_slow, 4 * (names.size () - 1) - 4);
  EXPECT_LE (n_slow, 4 * names.size () + 4);
  remove_folder (frames);
  remove_folder (slow);
}

TEST_F (Replay, AnimatedSvgPlaysTheCaptions)
{
  std::string svg = dir->file ("replay.svg");
  Result r = run ({ "render", trace, "--animate", svg, "--speed", "0.25", "--theme", "dark" });
  ASSERT_EQ (r.status, 0) << r.err;
  std::string text = read_file (svg);
  EXPECT_NE (text.find ("<svg"), std::string::npos);
  EXPECT_NE (text.find ("<animate "), std::string::npos);
  EXPECT_NE (text.find ("<set attributeName=\"visibility\""), std::string::npos);
  EXPECT_NE (text.find ("event-loop: "), std::string::npos);
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  if (xmllint != nullptr)
    {
      g_autofree char *quoted = g_shell_quote (svg.c_str ());
      g_autofree char *cmd = g_strdup_printf ("xmllint --noout %s", quoted);
      EXPECT_EQ (system (cmd), 0);
    }
  g_unlink (svg.c_str ());
}

TEST_F (Replay, BadValuesNameTheOption)
{
  struct Case { std::vector<std::string> args; const char *option; };
  const Case cases[] = {
    { { "--replay-frames", "x", "--fps", "0" }, "--fps" },
    { { "--replay-frames", "x", "--fps", "121" }, "--fps" },
    { { "--replay-frames", "x", "--fps", "ten" }, "--fps" },
    { { "--replay-frames", "x", "--speed", "fast" }, "--speed" },
    { { "--replay-frames", "x", "--speed", "0" }, "--speed" },
    { { "--replay-frames", "x", "--speed", "-1" }, "--speed" },
    { { "--replay-frames", "x", "--speed", "nan" }, "--speed" },
    { { "--replay-frames", "x", "--speed", "1e9" }, "--speed" },
    { { "--animate", "replay.png" }, "--animate" },
    { { "--replay-frames", "" }, "--replay-frames" },
    { { "--fps", "10" }, "--fps" },
    { { "--speed", "4" }, "--speed" },
    { { "--animate", "a.svg", "--fps", "10" }, "--fps" },
  };
  for (const auto &c : cases)
    {
      std::vector<std::string> args = { "render", trace };
      args.insert (args.end (), c.args.begin (), c.args.end ());
      Result r = run (args);
      std::string joined;
      for (const auto &a : c.args)
        joined += a + " ";
      EXPECT_EQ (r.status, 2) << joined << r.err;
      EXPECT_NE (r.err.find (std::string (c.option) + ":"), std::string::npos) << joined << r.err;
    }
  EXPECT_FALSE (exists ("x"));
}

TEST_F (Replay, AFolderWithFilesIsLeftAlone)
{
  std::string frames = dir->file ("taken");
  ASSERT_EQ (g_mkdir (frames.c_str (), 0755), 0);
  write_file (frames + "/notes.txt", "mine");
  Result r = run ({ "render", trace, "--replay-frames", frames, "--size", "320x240" });
  EXPECT_EQ (r.status, 1) << r.err;
  EXPECT_NE (r.err.find ("not empty"), std::string::npos) << r.err;
  EXPECT_EQ (list (frames), std::vector<std::string> { "notes.txt" });
  remove_folder (frames);
}

TEST_F (Replay, RunWritesItsReplayToo)
{
  std::string svg = dir->file ("run-replay.svg");
  Result r = run ({ "run", "--models", "sequential,event-loop", "--durations", "20,10ms",
                    "--summary", "none", "--animate", svg, "--size", "640x400" });
  ASSERT_EQ (r.status, 0) << r.err;
  std::string text = read_file (svg);
  EXPECT_NE (text.find ("<animate "), std::string::npos);
  EXPECT_NE (text.find ("sequential: "), std::string::npos);
  g_unlink (svg.c_str ());

  r = run ({ "run", "--durations", "20ms", "--speed", "2" });
  EXPECT_EQ (r.status, 2) << r.err;
  EXPECT_NE (r.err.find ("--speed:"), std::string::npos) << r.err;
}

TEST_F (Replay, HelpShowsTheOptionsWithAnExample)
{
  Result r = run ({ "render", "--help" });
  ASSERT_EQ (r.status, 0);
  for (const char *s : { "--replay-frames=DIR", "--animate=FILE.svg", "--fps=N", "--speed=X",
                         "render run.json --replay-frames" })
    EXPECT_NE (r.out.find (s), std::string::npos) << s;
  r = run ({ "run", "--help" });
  ASSERT_EQ (r.status, 0);
  for (const char *s : { "--replay-frames=DIR", "--animate=FILE.svg", "--animate blocking.svg" })
    EXPECT_NE (r.out.find (s), std::string::npos) << s;
}

} // namespace
