/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab-trace-json.h"

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

/* A comparison that loaded saves, loads again and saves to the same text:
 * what a user saves from a loaded trace is what they loaded. */
static inline void
fuzz_check_round_trip (LabComparison *comparison)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabComparison) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_len = 0, second_len = 0;

  first = lab_trace_json_to_string (comparison, &first_len);
  again = lab_trace_json_from_string (first, (gssize) first_len, &error);
  if (again == NULL)
    fuzz_fail ("reloading a saved comparison", error->message);
  second = lab_trace_json_to_string (again, &second_len);
  if (first_len != second_len || memcmp (first, second, first_len) != 0)
    fuzz_fail ("the save/load round trip", first);
}

G_END_DECLS
