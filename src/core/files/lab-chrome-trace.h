/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-comparison.h"

G_BEGIN_DECLS

/*
 * Reading a trace another tool wrote in the Chrome Trace Event Format
 * (browsers' chrome://tracing and --trace-startup, clang's -ftime-trace,
 * Perfetto's JSON export, Python's VizTracer): the array form or an
 * object with "traceEvents".
 *
 * The result is a comparison with one observed trace, model id
 * "imported": a process per pid, a lane per thread, named from the
 * file's "M" events. Complete events ("X") and begin/end pairs ("B"/"E")
 * are spans of named work: the time a thread spent in any of them is
 * drawn `running`, each span keeps its name and depth to label the bar,
 * and the time between them is left blank, never given a state the file
 * does not say. Counters ("C") become counters, instants ("i", "I")
 * markers. Other kinds of events (async, flow, samples, objects) are
 * counted, not drawn; a marker at the start says how many.
 */

/* The model id of a trace read from another tool's file. */
#define LAB_CHROME_TRACE_MODEL_ID "imported"
/* Larger files are refused before they are parsed: the parser holds a
 * tree of several times the text in memory. */
#define LAB_CHROME_TRACE_MAX_BYTES (G_GINT64_CONSTANT (128) << 20)
#define LAB_CHROME_TRACE_MAX_EVENTS 4000000

/* LAB_ERROR_NOT_TRACE for JSON that is not a trace of this format;
 * LAB_ERROR_INVALID for one that cannot be drawn, or no JSON at all. */
LabComparison *lab_chrome_trace_from_json (const char  *data,
                                           gssize       length,
                                           const char  *title,
                                           GError     **error);

G_END_DECLS
