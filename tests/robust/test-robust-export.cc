// SPDX-License-Identifier: GPL-3.0-or-later
// Failed writes of every output format through the command line: a folder
// that does not exist, a folder that is a file, a folder the user may not
// write (the program run as nobody), and a disk that fills part-way (a
// file size limit, SIGXFSZ ignored). Each: exit 1, a message naming the
// file, the existing file unchanged and no temporary file left behind.
#include <gtest/gtest.h>

#include <grp.h>
#include <sys/resource.h>

#include "robust-helpers.h"

using namespace robust;

namespace {

enum class Fault
{
  NONE,           // the control: the same command works without the fault
  MISSING_FOLDER,
  UNDER_A_FILE,
  NOT_WRITABLE,
  DISK_FULL,
};

struct ExportCase
{
  const char *file;    // the output's name; .json is the trace
  Fault       fault;
};

const char *
fault_name (Fault f)
{
  switch (f)
    {
    case Fault::NONE: return "none";
    case Fault::MISSING_FOLDER: return "missing_folder";
    case Fault::UNDER_A_FILE: return "under_a_file";
    case Fault::NOT_WRITABLE: return "not_writable";
    case Fault::DISK_FULL: return "disk_full";
    }
  return "?";
}

// In the child, between fork and exec: syscalls only.
void
fill_disk (gpointer)
{
  struct rlimit limit;
  signal (SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG, as on a full disk
  getrlimit (RLIMIT_FSIZE, &limit);
  limit.rlim_cur = 300;
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    _exit (98);
}

void
become_nobody (gpointer)
{
  if (setgroups (0, nullptr) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
    _exit (97);
}

class FailedExport : public ::testing::TestWithParam<ExportCase>
{
};

TEST_P (FailedExport, ExitsOneKeepsTheFileAndLeavesNoTemporary)
{
  const ExportCase &c = GetParam ();
  TempDir dir;
  std::string folder = dir.file ("out");
  std::string target;
  Spawn spawn;

  ASSERT_EQ (g_mkdir (folder.c_str (), 0755), 0);
  g_chmod (dir.path.c_str (), 0755);  // nobody must reach the folder to be refused in it
  write_file (folder + "/" + c.file, "old");
  write_file (dir.file ("plain"), "a plain file");
  switch (c.fault)
    {
    case Fault::MISSING_FOLDER:
      target = dir.file ("no-such-folder/") + c.file;
      break;
    case Fault::UNDER_A_FILE:
      target = dir.file ("plain/") + c.file;
      break;
    case Fault::NOT_WRITABLE:
      if (geteuid () != 0)
        ASSERT_EQ (g_chmod (folder.c_str (), 0555), 0);
      else
        {
          spawn.setup = become_nobody;
          spawn.may_not_start = true;  // nobody may not reach the build tree
        }
      target = folder + "/" + c.file;
      break;
    case Fault::DISK_FULL:
      spawn.setup = fill_disk;
      target = folder + "/" + c.file;
      break;
    case Fault::NONE:
      target = folder + "/" + c.file;
      break;
    }
  bool trace = g_str_has_suffix (c.file, ".json");
  spawn.args = { "run", "--models", "sequential,event-loop", "--workload", "io 3x1ms + cpu 2ms",
                 "--summary", "none", trace ? "--trace" : "-o", target };
  spawn.timeout_s = 30;
  Result r = run (spawn);

  ASSERT_FALSE (r.timed_out) << fault_name (c.fault) << " " << c.file;
  ASSERT_EQ (r.signal, 0) << "killed by signal " << r.signal << "\n" << r.err;
  if (c.fault == Fault::NOT_WRITABLE && r.status == 97)
    GTEST_SKIP () << "cannot become nobody here";
  if (c.fault == Fault::NOT_WRITABLE && !r.started)
    GTEST_SKIP () << "nobody cannot run the built program here";
  if (c.fault == Fault::NONE)
    {
      EXPECT_EQ (r.status, 0) << r.err;
      EXPECT_NE (read_file (folder + "/" + c.file), "old") << "the control replaces the file";
    }
  else
    {
      EXPECT_EQ (r.status, 1) << fault_name (c.fault) << " " << c.file << "\n" << r.err;
      EXPECT_NE (r.err.find (target), std::string::npos)
        << "the message names the file:\n" << r.err;
      EXPECT_EQ (read_file (folder + "/" + c.file), "old") << "the existing file is unchanged";
    }
  // Nothing else anywhere: no temporary file, no half-written output.
  EXPECT_EQ (dir.list ("out"), std::vector<std::string>{ c.file });
  EXPECT_EQ (dir.list (), (std::vector<std::string>{ "out", "plain" }));
  EXPECT_EQ (read_file (dir.file ("plain")), "a plain file");
}

std::vector<ExportCase>
cases ()
{
  std::vector<ExportCase> all;
  for (const char *file : { "chart.png", "chart.svg", "chart.pdf", "run.json" })
    for (Fault f : { Fault::NONE, Fault::MISSING_FOLDER, Fault::UNDER_A_FILE, Fault::NOT_WRITABLE,
                     Fault::DISK_FULL })
      all.push_back ({ file, f });
  return all;
}

INSTANTIATE_TEST_SUITE_P (
  Cli, FailedExport, ::testing::ValuesIn (cases ()),
  [] (const ::testing::TestParamInfo<ExportCase> &info) {
    std::string name = std::string (info.param.file) + "_" + fault_name (info.param.fault);
    std::replace (name.begin (), name.end (), '.', '_');
    return name;
  });

// A name near the 255-byte limit is valid for the output; the temporary
// file beside it must not need more.
TEST (LongName, OutputsWithANameOfTwoHundredFiftyBytesAreWritten)
{
  for (const char *extension : { ".png", ".svg", ".pdf", ".json" })
    {
      TempDir dir;
      std::string name = std::string (250 - strlen (extension), 'a') + extension;
      bool trace = g_str_equal (extension, ".json");
      Result r = run ({ "run", "--models", "sequential", "--workload", "io 1ms", "--summary", "none",
                        trace ? "--trace" : "-o", dir.file (name) });

      EXPECT_EQ (r.status, 0) << extension << "\n" << r.err;
      EXPECT_EQ (dir.list (), std::vector<std::string>{ name });
    }
}

}  // namespace
