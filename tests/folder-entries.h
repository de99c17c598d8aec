// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <glib.h>

namespace lab_test {

/* Every name in @folder, sorted: to see what a write left there. Shared by
 * the suites that check that no temporary file remains. */
inline std::vector<std::string>
folder_entries (const char *folder)
{
  std::vector<std::string> names;
  GDir *d = g_dir_open (folder, 0, nullptr);
  for (const char *n; d != nullptr && (n = g_dir_read_name (d)) != nullptr;)
    names.push_back (n);
  if (d != nullptr)
    g_dir_close (d);
  std::sort (names.begin (), names.end ());
  return names;
}

} // namespace lab_test
