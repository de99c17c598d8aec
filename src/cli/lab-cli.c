/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-cli.h"
#include "lab-cli-private.h"

/* The headless subcommands. They use core and render only, never GTK, so
 * they work with no display (DISPLAY and WAYLAND_DISPLAY unset). */

static const char * const subcommands[] = { "run", "render", "trace", NULL };

/**
 * lab_cli_is_subcommand:
 * @argc: the program's argument count
 * @argv: the program's arguments
 *
 * Returns: whether the first argument names a headless subcommand
 */
gboolean
lab_cli_is_subcommand (int    argc,
                       char **argv)
{
  g_return_val_if_fail (argv != NULL, FALSE);

  return argc > 1 && g_strv_contains (subcommands, argv[1]);
}

/**
 * lab_cli_main:
 * @argc: the program's argument count
 * @argv: the program's arguments, argv[1] a subcommand
 *
 * Runs the subcommand named by argv[1] with the arguments after it.
 *
 * Returns: the exit status: 0 success, 1 a failed run or write, 2 a usage
 *   error, 130/143 a run interrupted by SIGINT/SIGTERM
 */
int
lab_cli_main (int    argc,
              char **argv)
{
  g_autofree char *prgname = NULL;

  g_return_val_if_fail (lab_cli_is_subcommand (argc, argv), LAB_CLI_EXIT_USAGE);

  /* GOptionContext's --help starts "Usage: PRGNAME [OPTION…]". */
  prgname = g_strdup_printf ("concurrency-lab %s", argv[1]);
  g_set_prgname (prgname);

  if (g_str_equal (argv[1], "run"))
    return _lab_cli_run_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "trace"))
    return _lab_cli_trace_main (argc - 1, argv + 1);
  return _lab_cli_render_main (argc - 1, argv + 1);
}
