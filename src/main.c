/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "lab-application.h"
#include "lab-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LabApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A subcommand runs headless: no display is opened, none is needed. */
  if (lab_cli_is_subcommand (argc, argv))
    return lab_cli_main (argc, argv);

  app = lab_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
