/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-error"

#include "config.h"

#include "lab-error.h"

G_DEFINE_QUARK (lab-error-quark, lab_error)

/**
 * lab_error_fail:
 * @error: where to put the error, or %NULL
 * @code: what kind of error
 * @format: the message, in words a user understands
 * @...: its arguments
 *
 * Sets a #LabError: the one way the parsers and readers fail.
 *
 * Returns: %FALSE, so that a check can return it
 */
gboolean
lab_error_fail (GError     **error,
                LabError     code,
                const char  *format,
                ...)
{
  va_list args;

  va_start (args, format);
  lab_error_fail_valist (error, code, format, args);
  va_end (args);
  return FALSE;
}

/**
 * lab_error_fail_valist:
 * @error: where to put the error, or %NULL
 * @code: what kind of error
 * @format: the message, in words a user understands
 * @args: its arguments
 *
 * lab_error_fail() for a helper that takes the arguments itself.
 *
 * Returns: %FALSE
 */
gboolean
lab_error_fail_valist (GError     **error,
                       LabError     code,
                       const char  *format,
                       va_list      args)
{
  if (error != NULL)
    *error = g_error_new_valist (LAB_ERROR, code, format, args);
  return FALSE;
}
