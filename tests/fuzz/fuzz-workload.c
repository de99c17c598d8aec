/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-fuzz-workload"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "fuzz-common.h"
#include "lab-duration.h"
#include "lab-workload.h"

/*
 * The workload text parser and the duration parsers, fed arbitrary text.
 * Beyond "no crash, no leak, no sanitizer report", every accepted input must
 * keep the documented round trip: parse (to_string (w)) == w, and a duration
 * written back by lab_duration_to_string() reads back to the same value.
 */

static void
check_duration (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = NULL;
  g_autofree char *written = NULL;
  gint64 ns = 0, again = 0;

  if (lab_duration_parse (text, &ns, &error))
    {
      written = lab_duration_to_string (ns);
      if (!lab_duration_parse (written, &again, NULL) || again != ns)
        fuzz_fail ("duration round trip", text);
    }
  else if (error == NULL || error->message == NULL || *error->message == '\0')
    {
      fuzz_fail ("a duration refused without a message", text);
    }

  g_clear_error (&error);
  list = lab_duration_list_parse (text, &error);
  if ((list == NULL) == (error == NULL))
    fuzz_fail ("a duration list neither parsed nor refused", text);
}

static void
check_workload (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) workload = lab_workload_parse (text, &error);
  g_autoptr(LabWorkload) again = NULL;
  g_autofree char *written = NULL;
  g_autofree char *described = NULL;

  if (workload == NULL)
    {
      if (error == NULL || *error->message == '\0')
        fuzz_fail ("a workload refused without a message", text);
      return;
    }

  if (lab_workload_get_n_tasks (workload) < 1
      || lab_workload_get_n_tasks (workload) > LAB_MAX_TASKS)
    fuzz_fail ("a workload with a task count out of range", text);
  written = lab_workload_to_string (workload);
  described = lab_workload_describe (workload);
  again = lab_workload_parse (written, NULL);
  if (again == NULL || !lab_workload_equal (workload, again))
    fuzz_fail ("workload round trip", text);
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The parsers take C strings: text from a file or a command line has no
   * NUL inside, so the input ends at the first one. */
  g_autofree char *text = g_strndup ((const char *) data, size);

  /* Inputs past a few kilobytes only repeat what shorter ones test. */
  if (size > 4096)
    return 0;
  check_duration (text);
  check_workload (text);
  return 0;
}
