/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-cli.h"

static const char * const subcommands[] = { "run", "render", NULL };

gboolean
lab_cli_is_subcommand (int    argc,
                       char **argv)
{
  g_return_val_if_fail (argv != NULL, FALSE);

  return argc > 1 && g_strv_contains (subcommands, argv[1]);
}

int
lab_cli_main (int    argc,
              char **argv)
{
  g_return_val_if_fail (lab_cli_is_subcommand (argc, argv), LAB_CLI_EXIT_USAGE);

  g_printerr (_("concurrency-lab %s: not built yet\n"), argv[1]);
  return LAB_CLI_EXIT_FAILED;
}
