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
 * @LAB_ERROR_IO: reading or writing a file failed
 * @LAB_ERROR_NOT_TRACE: a file is well-formed JSON but not a trace of this
 *   program (another tool's file, or the wrong file chosen)
 *
 * Errors of Concurrency Lab's own making; system errors keep their GIOError.
 */
typedef enum
{
  LAB_ERROR_PARSE,
  LAB_ERROR_RANGE,
  LAB_ERROR_INVALID,
  LAB_ERROR_WORKER,
  LAB_ERROR_IO,
  LAB_ERROR_NOT_TRACE,
} LabError;

GQuark lab_error_quark (void);

G_END_DECLS
