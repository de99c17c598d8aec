// SPDX-License-Identifier: GPL-3.0-or-later
// `render`: a saved trace drawn again at a chosen size and scale; broken
// traces refused with a message and nothing written.
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

class Render : public cli_test::SavedTraceTest
{
};

// Width and height from the PNG's IHDR chunk, which follows the signature.
bool
png_size (const std::string &data, guint32 *width, guint32 *height)
{
  if (data.size () < 24 || data.compare (0, 8, "\x89PNG\r\n\x1a\n") != 0 ||
      data.compare (12, 4, "IHDR") != 0)
    return false;
  auto be32 = [&] (size_t at) {
    return (guint32) (guint8) data[at] << 24 | (guint32) (guint8) data[at + 1] << 16 |
           (guint32) (guint8) data[at + 2] << 8 | (guint32) (guint8) data[at + 3];
  };
  *width = be32 (16);
  *height = be32 (20);
  return true;
}

TEST_F (Render, PngIsSizeTimesScale)
{
  struct { const char *size; const char *scale; guint32 w, h; } cases[] = {
    { nullptr, nullptr, 1920, 1080 },
    { "640x360", "1", 640, 360 },
    { "640x360", "2", 1280, 720 },
    { "321x241", "2", 642, 482 },
  };

  for (const auto &c : cases)
    {
      TempDir out;
      std::string image = out.file ("chart.png");
      std::vector<std::string> args = { "render", trace, "-o", image };
      if (c.size != nullptr)
        args.insert (args.end (), { "--size", c.size, "--scale", c.scale, "--theme", "dark" });
      Result r = run (args);

      ASSERT_EQ (r.status, 0) << r.err;
      EXPECT_EQ (r.out, "");
      guint32 w = 0, h = 0;
      ASSERT_TRUE (png_size (read_file (image), &w, &h)) << "not a PNG";
      EXPECT_EQ (w, c.w);
      EXPECT_EQ (h, c.h);
      EXPECT_EQ (out.list (), (std::vector<std::string>{ "chart.png" }));
    }
}

TEST_F (Render, SummaryOfASavedTrace)
{
  TempDir out;
  Result r = run ({ "render", trace, "-o", out.file ("c.svg"), "--own-scale", "--summary", "json" });

  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (r.out.find ("\"event-loop\""), std::string::npos) << r.out;
  EXPECT_NE (r.out.find ("\"workload\" : \"io 30ms,10ms,20ms\""), std::string::npos) << r.out;
}

TEST_F (Render, BrokenTracesAreRefusedWithAMessage)
{
  TempDir out;
  std::string whole = read_file (trace);
  std::string image = out.file ("chart.png");
  const std::string original = "an older chart\n";
  write_file (image, original);

  struct { const char *name; std::string contents; } cases[] = {
    { "empty.json", "" },
    { "truncated.json", whole.substr (0, whole.size () / 2) },
    { "array.json", "[1, 2, 3]" },
    { "wrong-type.json", "{\"traceEvents\": \"none\", \"metadata\": 42}" },
    { "not-json.json", "\x89PNG\r\n\x1a\n" },
  };
  for (const auto &c : cases)
    {
      std::string path = out.file (c.name);
      write_file (path, c.contents);
      Result r = run ({ "render", path, "-o", image });

      EXPECT_EQ (r.status, 1) << c.name << "\n" << r.err;
      EXPECT_NE (r.err.find ("concurrency-lab render: "), std::string::npos) << r.err;
      EXPECT_GT (r.err.size (), strlen ("concurrency-lab render: \n")) << c.name;
      EXPECT_EQ (read_file (image), original) << c.name;
      g_unlink (path.c_str ());
    }

  Result missing = run ({ "render", out.file ("nowhere.json"), "-o", image });
  EXPECT_EQ (missing.status, 1) << missing.err;
  EXPECT_NE (missing.err.find ("nowhere.json"), std::string::npos) << missing.err;
  EXPECT_EQ (out.list (), (std::vector<std::string>{ "chart.png" }));
}

TEST_F (Render, UnwritableOutputLeavesNothing)
{
  TempDir out;
  std::string existing = out.file ("existing-file");
  write_file (existing, "x");
  Result r = run ({ "render", trace, "-o", existing + "/chart.png" });

  EXPECT_EQ (r.status, 1) << r.err;
  EXPECT_NE (r.err.find ("chart.png"), std::string::npos) << r.err;
  EXPECT_EQ (out.list (), (std::vector<std::string>{ "existing-file" }));
}

}  // namespace
