/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @program lies inside the build tree this code was built in: only
 * such a program honours $LAB_WORKER_PATH (lab_worker_find_path()). */
gboolean _lab_runner_is_in_build_tree (const char *program);

/* lab_worker_find_path() for the program at @program. */
const char *_lab_runner_find_worker_for (const char *program);

G_END_DECLS
