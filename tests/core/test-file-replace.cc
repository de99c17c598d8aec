// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../folder-entries.h"
#include "lab-file-replace.h"

// The one way the program writes a file (lab_file_replace): whole or not
// at all, never a temporary file left, one error domain.

namespace {

class FileReplace : public ::testing::Test
{
protected:
  void SetUp () override { dir = g_dir_make_tmp ("lab-file-replace-XXXXXX", nullptr); }

  void TearDown () override
  {
    g_chmod (dir, 0755);
    for (const std::string &name : entries ())
      g_unlink ((std::string (dir) + "/" + name).c_str ());
    g_rmdir (dir);
    g_free (dir);
  }

  std::string path (const char *name) { return std::string (dir) + "/" + name; }

  std::vector<std::string> entries () { return lab_test::folder_entries (dir); }

  std::string read (const std::string &file)
  {
    g_autofree char *text = nullptr;
    gsize length = 0;
    if (!g_file_get_contents (file.c_str (), &text, &length, nullptr))
      return "<missing>";
    return std::string (text, length);
  }

  char *dir = nullptr;
};

// Writes half of its text, then fails as a drawing or a full disk would.
gboolean
write_half_then_fail (int fd, gpointer user_data, GError **error)
{
  const char *text = static_cast<const char *> (user_data);
  EXPECT_EQ (lab_file_write_all (fd, text, strlen (text) / 2), 0);
  return lab_file_set_write_error (error, ENOSPC, "the file");
}

} // namespace

TEST_F (FileReplace, WritesTheWholeContents)
{
  std::string file = path ("a.txt");
  ASSERT_TRUE (lab_file_replace_contents (file.c_str (), "new text", 8, nullptr));
  EXPECT_EQ (read (file), "new text");
  EXPECT_EQ (entries (), std::vector<std::string> { "a.txt" });
}

// Where the file did not exist, a write failing midway leaves no file at
// all under its name (GIO's g_file_replace would leave the half written).
TEST_F (FileReplace, AFailedNewFileLeavesNothing)
{
  std::string file = path ("new.txt");
  GError *error = nullptr;
  char text[] = "a text that is never written whole";
  EXPECT_FALSE (lab_file_replace (file.c_str (), write_half_then_fail, text, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)) << error->message;
  g_clear_error (&error);
  EXPECT_EQ (entries (), std::vector<std::string> {});
}

TEST_F (FileReplace, AFailedReplacementKeepsTheOldFile)
{
  std::string file = path ("old.txt");
  char text[] = "a text that is never written whole";
  ASSERT_TRUE (g_file_set_contents (file.c_str (), "old", -1, nullptr));
  EXPECT_FALSE (lab_file_replace (file.c_str (), write_half_then_fail, text, nullptr));
  EXPECT_EQ (read (file), "old");
  EXPECT_EQ (entries (), std::vector<std::string> { "old.txt" });
}

TEST_F (FileReplace, AFolderThatCannotBeWrittenIsAnIOError)
{
  if (geteuid () == 0)
    GTEST_SKIP () << "root writes into any folder";
  std::string file = path ("x.txt");
  GError *error = nullptr;
  ASSERT_EQ (g_chmod (dir, 0555), 0);
  EXPECT_FALSE (lab_file_replace_contents (file.c_str (), "x", 1, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    << error->message;
  EXPECT_NE (strstr (error->message, "x.txt"), nullptr) << error->message;
  g_clear_error (&error);
  ASSERT_EQ (g_chmod (dir, 0755), 0);
  EXPECT_EQ (entries (), std::vector<std::string> {});
}

// 0666 less the umask, as any new file: a umask of 027 gives 0640, which
// a fixed mode (0644) would not.
TEST_F (FileReplace, ANewFileGetsTheUmasksPermissions)
{
  std::string file = path ("shared.txt");
  GStatBuf st;
  mode_t mask = umask (027);
  gboolean ok = lab_file_replace_contents (file.c_str (), "x", 1, nullptr);
  umask (mask);
  ASSERT_TRUE (ok);
  ASSERT_EQ (g_stat (file.c_str (), &st), 0);
  EXPECT_EQ (st.st_mode & 0777, 0640u);
}
