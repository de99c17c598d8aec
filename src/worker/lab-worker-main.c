/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-worker"

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>

/*
 * concurrency-lab-worker: one process of the process pool. It is started by
 * the `processes` model with an argv (no shell) and spoken to over its
 * standard input and output; see docs/WORKER-PROTOCOL.md.
 */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "A worker process of Concurrency Lab's process pool; "
                                "started by the app, not by people.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "concurrency-lab-worker: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      printf ("concurrency-lab-worker %s\n", PACKAGE_VERSION);
      return 0;
    }

  fprintf (stderr, "concurrency-lab-worker: the process pool protocol is not built yet\n");
  return 1;
}
