/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-comparison.h"

G_BEGIN_DECLS

/*
 * A comparison saved as JSON in the Chrome Trace Event Format: openable as
 * is in Perfetto (one process per model, one thread per task, one track per
 * core), with everything the renderer needs in metadata. Loading validates
 * every field and names what is wrong in the error.
 */

char          *lab_trace_json_to_string   (LabComparison *comparison,
                                           gsize         *length);
LabComparison *lab_trace_json_from_string (const char    *data,
                                           gssize         length,
                                           GError       **error);
/* Written atomically, by lab_file_replace() (lab-file-replace.h). */
gboolean       lab_trace_json_save        (LabComparison *comparison,
                                           const char    *path,
                                           GError       **error);
/* A file of ours, or else another tool's trace (lab-chrome-trace.h);
 * LAB_ERROR_NOT_TRACE when it is JSON but neither. */
LabComparison *lab_trace_json_load        (const char    *path,
                                           GError       **error);

G_END_DECLS
