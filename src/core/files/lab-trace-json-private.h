/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "lab-trace-json.h"

G_BEGIN_DECLS

/*
 * The saved file, shared by the writer (lab-trace-json.c) and the reader
 * (lab-trace-json-read.c). Every key the writer writes, in its order:
 *
 *   { "displayTimeUnit": "ms",
 *     "traceEvents": [ ... ],
 *     "metadata": { "format": "concurrency-lab", "format_version": 1,
 *                   "app_version", "workload", "cores", "workers",
 *                   "switch_interval_ns", "core_limit" (0: every core),
 *                   "iterations_per_ms", "all_at_once",
 *                   "created" (unix s), "created_iso", "origin_ns",
 *                   "expected_models",
 *                   "complete" (written for readers; the loader derives
 *                     it from the rest),
 *                   "planned": [ { "id", "workers" } ... one per entry of
 *                     the run, run or not ],
 *                   "lesson" (optional): the id of the lesson run,
 *                   "predictions" (optional): { "<model id>": predicted total ns },
 *                   "models": [ { "id", "pid", "cores", "workers",
 *                                 "switch_interval_ns", "core_limit",
 *                                 "iterations_per_ms", "begin_ns", "end_ns",
 *                                 "cpu_ns", "error" (a string or null),
 *                                 "stopped": the run was stopped while
 *                                   this model ran (optional on reading;
 *                                   absent: false),
 *                                 "complete" (written for readers, as above),
 *                                 "workload" (only where it differs),
 *                                 "status": [ "done", ... one per task ],
 *                                 "reasons": { "<task>": "why" },
 *                                 "markers": [ { "t_ns", "text" } ],
 *                                 "utilization": [ { "t_ns": [...],
 *                                                    "busy": [...] } per core ],
 *                                 "gil", "loop" (only where recorded; below),
 *                                 "observed" (a trace of another program:
 *                                 lab-trace-json-observed.c)
 *                               } ] },
 *     "baseline": { ... } (optional) }
 *
 * A comparison of observed traces has no workload: "workload" is absent
 * from the top of its metadata (its plan is observed:
 * lab_run_plan_builder_new_observed()), and every model has "observed".
 *
 * "baseline" is the run a what-if was compared with, a whole document of
 * the same shape of its own. Perfetto's JSON reader skips the rest of a
 * file after a key it does not know, so it comes last, after the three
 * keys trace viewers read.
 *
 * Events, in Chrome Trace Event Format (ts and dur in microseconds from
 * origin_ns, for display; the exact nanoseconds are in args):
 *   - model m is process pid = m + 1, named after the model id; task k is
 *     its thread tid = k + 1, named "task k+1";
 *   - segments: "X" events, cat "segment", name = state, args { begin_ns,
 *     end_ns, state, core, worker }: the data the loader reads;
 *   - the cores of model m are process pid = 1000 + m ("<model> cores"),
 *     core c its thread tid = c + 1 ("core c"); running segments appear
 *     there again as "X" events of cat "core" and utilization as "C"
 *     counters: both are for Perfetto only and are not read back (the
 *     exact utilization is in metadata);
 *   - markers: "i" instant events on the model's process, also kept
 *     exactly in metadata.
 */

#define LAB_TRACE_JSON_FORMAT "concurrency-lab"
#define LAB_TRACE_JSON_VERSION 1
#define LAB_TRACE_JSON_CORE_PID_BASE 1000
#define LAB_TRACE_JSON_MAX_MODELS 64
#define LAB_TRACE_JSON_MAX_CORES 1024
#define LAB_TRACE_JSON_MAX_DEPTH 32
/* Files larger than this are refused before being read. */
#define LAB_TRACE_JSON_MAX_BYTES (G_GINT64_CONSTANT (1) << 30)

/* The strips' records (lab-trace-json-strips.c). In metadata, per model and
 * only where recorded, as columns of integers:
 *   "gil":  { "holds": { "begin_ns", "end_ns", "worker", "task" },
 *             "requests": { "t_ns", "worker", "holder", "holder_task" } }
 *   "loop": { "samples": { "t_ns", "lag_ns", "ready" },
 *             "blocks": { "begin_ns", "end_ns", "task" } }
 *   "memory": { "t_ns", "rss_bytes", "pss_bytes", "workers_rss_bytes",
 *               "workers_pss_bytes", "trace_bytes", "workers", "source" }
 *     (bytes, -1 where not measured; source 0 none (a gap), 1 smaps_rollup,
 *     2 smaps, 3 statm, as LabMemorySource)
 * For Perfetto, not read back: the holds as "X" events of cat "gil" on the
 * model's cores process, thread LAB_TRACE_JSON_GIL_TID ("GIL holder"), the
 * requests as "i" events there; the loop as "C" counters "loop lag" and
 * "ready queue" on the model's process and blocking callbacks as "i"
 * events; memory as a "C" counter "memory" on the model's process, with
 * "RSS MiB" and "PSS MiB" (gaps left out). */
#define LAB_TRACE_JSON_GIL_TID (LAB_TRACE_JSON_MAX_CORES + 1)

typedef GString *(*LabTraceJsonNextEvent) (gpointer writer);

void     _lab_trace_json_strip_events  (LabTrace              *trace,
                                        guint                  model,
                                        gint64                 origin,
                                        LabTraceJsonNextEvent  next_event,
                                        gpointer               writer);
void     _lab_trace_json_build_strips  (JsonBuilder           *builder,
                                        LabTrace              *trace);
gboolean _lab_trace_json_read_strips   (JsonObject            *model,
                                        const char            *ctx,
                                        LabTrace              *trace,
                                        GError               **error);

void      _lab_trace_json_build_observed (JsonBuilder          *builder,
                                          LabTrace             *trace);
LabTrace *_lab_trace_json_read_observed  (JsonObject           *model,
                                          const char           *ctx,
                                          const char           *id,
                                          guint                 n_cores,
                                          GError              **error);

/* lab-trace-json-read.c: a member of @object, checked; a #LabError naming
 * @ctx and @key where it is missing or not what is asked. */
gboolean  _lab_trace_json_read_int     (JsonObject           *object,
                                         const char           *ctx,
                                         const char           *key,
                                         gint64                min,
                                         gint64                max,
                                         gint64               *out,
                                         GError              **error);
gboolean  _lab_trace_json_read_string  (JsonObject           *object,
                                         const char           *ctx,
                                         const char           *key,
                                         const char          **out,
                                         GError              **error);
gboolean  _lab_trace_json_read_array   (JsonObject           *object,
                                         const char           *ctx,
                                         const char           *key,
                                         JsonArray           **out,
                                         GError              **error);

/* lab-trace-json-read.c: a whole number; a finite number, whole or not. */
gboolean  _lab_trace_json_is_int       (JsonNode             *node);
gboolean  _lab_trace_json_to_number    (JsonNode             *node,
                                         double               *out);

/* lab-trace-json-read.c: refuses what json-glib cannot parse safely (too
 * deep, numbers past 64 bits, text after the top-level value). */
gboolean  _lab_trace_json_check_shape   (const char           *data,
                                          gsize                 length,
                                          gboolean              object_only,
                                          GError              **error);

/* lab-trace-json.c: microseconds as the events write them. */
void     _lab_trace_json_append_us     (GString               *out,
                                        gint64                 ns);

/* lab-trace-json-read.c: sets a LAB_ERROR_INVALID, returns FALSE. */
G_GNUC_PRINTF (2, 3)
gboolean _lab_trace_json_invalid       (GError               **error,
                                        const char            *format,
                                        ...);
/* lab-trace-json-read.c: the object @key of @object, or FALSE and an
 * error naming @ctx where it is missing or not an object. */
gboolean _lab_trace_json_read_object   (JsonObject            *object,
                                        const char            *ctx,
                                        const char            *key,
                                        JsonObject           **out,
                                        GError               **error);

G_END_DECLS
