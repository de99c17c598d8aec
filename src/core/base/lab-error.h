/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LAB_ERROR (lab_error_quark ())

/**
 * LabError:
 * @LAB_ERROR_PARSE: text (a duration, a workload, an option value) could not be read
 * @LAB_ERROR_RANGE: a value was read but lies outside what is accepted
 * @LAB_ERROR_INVALID: a file or message does not have the expected shape
 * @LAB_ERROR_WORKER: a worker (thread or process) failed
 * @LAB_ERROR_NOT_TRACE: a file is well-formed JSON but not a trace of this
 *   program (another tool's file, or the wrong file chosen)
 *
 * Errors of Concurrency Lab's own making. Reading or writing a file that
 * fails for the system's reasons is a #G_IO_ERROR, as GIO reports it
 * (lab_file_replace()).
 */
typedef enum
{
  LAB_ERROR_PARSE,
  LAB_ERROR_RANGE,
  LAB_ERROR_INVALID,
  LAB_ERROR_WORKER,
  LAB_ERROR_NOT_TRACE,
} LabError;

GQuark   lab_error_quark (void);
G_GNUC_PRINTF (3, 4)
gboolean lab_error_fail         (GError    **error,
                                 LabError    code,
                                 const char *format,
                                 ...);
G_GNUC_PRINTF (3, 0)
gboolean lab_error_fail_valist  (GError    **error,
                                 LabError    code,
                                 const char *format,
                                 va_list     args);

G_END_DECLS
