/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

G_BEGIN_DECLS

/*
 * What every fuzz target shares: a broken property aborts, so libFuzzer
 * keeps the input as a crash file; so does any critical or warning (a
 * g_return_val_if_fail that trips is a bug in the caller, and the code under
 * test must report bad input through a GError, not the log).
 */

static inline void
fuzz_init (void)
{
  setlocale (LC_ALL, "C");
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

G_GNUC_NORETURN static inline void
fuzz_fail (const char *what,
           const char *input)
{
  fprintf (stderr, "fuzz: %s broken by: %s\n", what, input);
  abort ();
}

G_END_DECLS
