/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of the headless subcommands. */
#define LAB_CLI_EXIT_OK      0
#define LAB_CLI_EXIT_FAILED  1
#define LAB_CLI_EXIT_USAGE   2

gboolean lab_cli_is_subcommand (int    argc,
                                char **argv);
int      lab_cli_main          (int    argc,
                                char **argv);

G_END_DECLS
