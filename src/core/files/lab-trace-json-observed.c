/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-trace-json-private.h"

/*
 * The roster of an observed trace in a saved file (a traced program, or
 * another tool's trace opened and saved again): in the model's metadata,
 *
 *   "observed": { "title": "python3 gil.py", "note" (optional),
 *                 "processes": [ { "pid", "parent", "name", "command",
 *                                  "begin_ns", "end_ns", "exit_status" } ],
 *                 "tasks": [ { "kind", "process", "tid", "name",
 *                              "begin_ns", "end_ns" } ],
 *                 "names": [ "RunTask", ... ],
 *                 "spans": { "begin_ns": [...], "end_ns": [...],
 *                            "task": [...], "depth": [...], "name": [...] },
 *                 "counters": [ { "process", "name", "t_ns": [...],
 *                                 "value": [...] } ],
 *                 "sampling": { "rate_hz", "reads", "sampler_cpu_ns",
 *                               "median_interval_ns", "max_interval_ns",
 *                               "unreadable", "kernel_cpu_ns",
 *                               "unseen_cpu_ns", "memory_cpu_ns" } }
 *
 * Task k of the roster is task k of the trace, so its segments are the
 * events of thread k + 1 as for any trace. Reading checks every field as
 * the rest of the reader does.
 */

#define MAX_ROSTER 1000000

static void
add_int_column (JsonBuilder *b,
                const char  *name,
                GArray      *spans,
                gsize        offset,
                gsize        size)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < spans->len; i++)
    {
      const guint8 *field = (const guint8 *) &g_array_index (spans, LabNamedSpan, i) + offset;
      gint64 v = size == 8 ? *(const gint64 *) field
               : size == 4 ? (gint64) *(const guint32 *) field
               : (gint64) *(const guint16 *) field;

      json_builder_add_int_value (b, v);
    }
  json_builder_end_array (b);
}

static void
build_processes (JsonBuilder *b,
                 LabObserved *roster)
{
  json_builder_set_member_name (b, "processes");
  json_builder_begin_array (b);
  for (guint i = 0; i < lab_observed_get_n_processes (roster); i++)
    {
      LabObservedProcess p;

      if (!lab_observed_copy_process (roster, i, &p))
        break;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pid");
      json_builder_add_int_value (b, p.pid);
      json_builder_set_member_name (b, "parent");
      json_builder_add_int_value (b, p.parent);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, p.name);
      json_builder_set_member_name (b, "command");
      json_builder_add_string_value (b, p.command);
      json_builder_set_member_name (b, "begin_ns");
      json_builder_add_int_value (b, p.begin_ns);
      json_builder_set_member_name (b, "end_ns");
      json_builder_add_int_value (b, p.end_ns);
      json_builder_set_member_name (b, "exit_status");
      json_builder_add_int_value (b, p.exit_status);
      json_builder_end_object (b);
      lab_observed_process_clear (&p);
    }
  json_builder_end_array (b);
}

static void
build_tasks (JsonBuilder *b,
             LabObserved *roster,
             guint        n_tasks)
{
  json_builder_set_member_name (b, "tasks");
  json_builder_begin_array (b);
  for (guint32 k = 0; k < n_tasks; k++)
    {
      LabObservedTask t;

      if (!lab_observed_copy_task (roster, k, &t))
        break;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, lab_observed_kind_to_string (t.kind));
      json_builder_set_member_name (b, "process");
      json_builder_add_int_value (b, t.process);
      json_builder_set_member_name (b, "tid");
      json_builder_add_int_value (b, t.tid);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, t.name);
      json_builder_set_member_name (b, "begin_ns");
      json_builder_add_int_value (b, t.begin_ns);
      json_builder_set_member_name (b, "end_ns");
      json_builder_add_int_value (b, t.end_ns);
      json_builder_end_object (b);
      lab_observed_task_clear (&t);
    }
  json_builder_end_array (b);
}

static void
build_spans (JsonBuilder *b,
             LabObserved *roster)
{
  g_autoptr(GArray) spans = lab_observed_copy_spans (roster);
  guint32 max_name = 0;

  for (guint i = 0; i < spans->len; i++)
    max_name = MAX (max_name, g_array_index (spans, LabNamedSpan, i).name + 1);
  json_builder_set_member_name (b, "names");
  json_builder_begin_array (b);
  for (guint32 n = 0; n < max_name; n++)
    {
      g_autofree char *name = lab_observed_dup_name (roster, n);

      json_builder_add_string_value (b, name != NULL ? name : "");
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "spans");
  json_builder_begin_object (b);
  add_int_column (b, "begin_ns", spans, G_STRUCT_OFFSET (LabNamedSpan, begin_ns), 8);
  add_int_column (b, "end_ns", spans, G_STRUCT_OFFSET (LabNamedSpan, end_ns), 8);
  add_int_column (b, "task", spans, G_STRUCT_OFFSET (LabNamedSpan, task), 4);
  add_int_column (b, "depth", spans, G_STRUCT_OFFSET (LabNamedSpan, depth), 2);
  add_int_column (b, "name", spans, G_STRUCT_OFFSET (LabNamedSpan, name), 4);
  json_builder_end_object (b);
}

static void
build_counters (JsonBuilder *b,
                LabObserved *roster)
{
  json_builder_set_member_name (b, "counters");
  json_builder_begin_array (b);
  for (guint c = 0; c < lab_observed_get_n_counters (roster); c++)
    {
      guint process = 0;
      g_autofree char *name = lab_observed_dup_counter_name (roster, c, &process);
      g_autoptr(GArray) samples = lab_observed_copy_counter (roster, c);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "process");
      json_builder_add_int_value (b, process);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name != NULL ? name : "");
      json_builder_set_member_name (b, "t_ns");
      json_builder_begin_array (b);
      for (guint i = 0; i < samples->len; i++)
        json_builder_add_int_value (b, g_array_index (samples, LabCounterSample, i).t_ns);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "value");
      json_builder_begin_array (b);
      for (guint i = 0; i < samples->len; i++)
        json_builder_add_double_value (b, g_array_index (samples, LabCounterSample, i).value);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_sampling (JsonBuilder *b,
                LabObserved *roster)
{
  LabSamplingNote note;

  lab_observed_get_sampling (roster, &note);
  json_builder_set_member_name (b, "sampling");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rate_hz");
  json_builder_add_int_value (b, note.rate_hz);
  json_builder_set_member_name (b, "reads");
  json_builder_add_int_value (b, (gint64) MIN (note.reads, (guint64) G_MAXINT64));
  json_builder_set_member_name (b, "sampler_cpu_ns");
  json_builder_add_int_value (b, note.sampler_cpu_ns);
  json_builder_set_member_name (b, "median_interval_ns");
  json_builder_add_int_value (b, note.median_interval_ns);
  json_builder_set_member_name (b, "max_interval_ns");
  json_builder_add_int_value (b, note.max_interval_ns);
  json_builder_set_member_name (b, "unreadable");
  json_builder_add_int_value (b, note.unreadable);
  json_builder_set_member_name (b, "kernel_cpu_ns");
  json_builder_add_int_value (b, note.kernel_cpu_ns);
  json_builder_set_member_name (b, "unseen_cpu_ns");
  json_builder_add_int_value (b, note.unseen_cpu_ns);
  json_builder_set_member_name (b, "memory_cpu_ns");
  json_builder_add_int_value (b, note.memory_cpu_ns);
  json_builder_end_object (b);
}

void
_lab_trace_json_build_observed (JsonBuilder *b,
                                LabTrace    *trace)
{
  LabObserved *roster = lab_trace_get_observed (trace);
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;

  if (roster == NULL)
    return;
  title = lab_observed_dup_title (roster);
  note = lab_observed_dup_note (roster);
  json_builder_set_member_name (b, "observed");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, title != NULL ? title : "");
  if (note != NULL)
    {
      json_builder_set_member_name (b, "note");
      json_builder_add_string_value (b, note);
    }
  build_processes (b, roster);
  build_tasks (b, roster, lab_trace_get_n_tasks (trace));
  build_spans (b, roster);
  build_counters (b, roster);
  build_sampling (b, roster);
  json_builder_end_object (b);
}

/* Reading */

/* A list of at most MAX_ROSTER entries. */
static gboolean
get_array (JsonObject  *object,
           const char  *ctx,
           const char  *key,
           JsonArray  **out,
           GError     **error)
{
  if (!_lab_trace_json_read_array (object, ctx, key, out, error))
    return FALSE;
  if (json_array_get_length (*out) > MAX_ROSTER)
    return _lab_trace_json_invalid (error, _("%s: “%s” has more than %d entries"), ctx, key,
                                    MAX_ROSTER);
  return TRUE;
}

static gboolean
read_processes (JsonObject  *observed,
                const char  *ctx,
                LabObserved *roster,
                GError     **error)
{
  JsonArray *list;

  if (!get_array (observed, ctx, "processes", &list, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autofree char *pctx = g_strdup_printf (_("%s: process %u"), ctx, i);
      const char *name, *command;
      gint64 pid, parent, begin, end, status;
      JsonObject *p;
      guint index;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _lab_trace_json_invalid (error, _("%s must be an object"), pctx);
      p = json_node_get_object (node);
      if (!_lab_trace_json_read_int (p, pctx, "pid", G_MININT32, G_MAXINT32, &pid, error) ||
          !_lab_trace_json_read_int (p, pctx, "parent", -1, (gint64) i - 1, &parent, error) ||
          !_lab_trace_json_read_string (p, pctx, "name", &name, error) ||
          !_lab_trace_json_read_string (p, pctx, "command", &command, error) ||
          !_lab_trace_json_read_int (p, pctx, "begin_ns", 0, G_MAXINT64, &begin, error) ||
          !_lab_trace_json_read_int (p, pctx, "end_ns", 0, G_MAXINT64, &end, error) ||
          !_lab_trace_json_read_int (p, pctx, "exit_status", -1, G_MAXINT32, &status, error))
        return FALSE;
      index = lab_observed_add_process (roster, (gint32) pid, (gint32) parent, name, command, begin);
      if (end > 0 || status != -1)
        lab_observed_process_exited (roster, index, end, (gint) status);
    }
  return TRUE;
}

static gboolean
read_tasks (JsonObject  *observed,
            const char  *ctx,
            LabTrace    *trace,
            GError     **error)
{
  LabObserved *roster = lab_trace_get_observed (trace);
  guint n_processes = lab_observed_get_n_processes (roster);
  JsonArray *list;

  if (!get_array (observed, ctx, "tasks", &list, error))
    return FALSE;
  if (json_array_get_length (list) > LAB_MAX_TASKS)
    return _lab_trace_json_invalid (error, _("%s: more than %d tasks"), ctx, LAB_MAX_TASKS);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autofree char *tctx = g_strdup_printf (_("%s: task %u"), ctx, i);
      const char *kind_name, *name;
      LabObservedKind kind;
      gint64 process, tid, begin, end;
      JsonObject *t;
      guint32 task;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _lab_trace_json_invalid (error, _("%s must be an object"), tctx);
      t = json_node_get_object (node);
      if (!_lab_trace_json_read_string (t, tctx, "kind", &kind_name, error) ||
          !_lab_trace_json_read_int (t, tctx, "process", 0, (gint64) n_processes - 1, &process, error) ||
          !_lab_trace_json_read_int (t, tctx, "tid", G_MININT32, G_MAXINT32, &tid, error) ||
          !_lab_trace_json_read_string (t, tctx, "name", &name, error) ||
          !_lab_trace_json_read_int (t, tctx, "begin_ns", 0, G_MAXINT64, &begin, error) ||
          !_lab_trace_json_read_int (t, tctx, "end_ns", 0, G_MAXINT64, &end, error))
        return FALSE;
      if (!lab_observed_kind_from_string (kind_name, &kind))
        return _lab_trace_json_invalid (error, _("%s: unknown kind “%s”"), tctx, kind_name);
      task = lab_trace_add_observed_task (trace, kind, (guint) process, (gint32) tid, name, begin);
      if (end > 0)
        lab_observed_task_ended (roster, task, end);
    }
  return TRUE;
}

/* One column of @n whole numbers from @min to @max. */
static gboolean
read_column (JsonObject  *columns,
             const char  *ctx,
             const char  *key,
             guint        n,
             gint64       min,
             gint64       max,
             gint64     **out,
             GError     **error)
{
  JsonArray *list;
  g_autofree gint64 *values = NULL;

  if (!get_array (columns, ctx, key, &list, error))
    return FALSE;
  if (json_array_get_length (list) != n)
    return _lab_trace_json_invalid (error, _("%s: the columns differ in length"), ctx);
  values = g_new (gint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *v = json_array_get_element (list, i);

      if (!_lab_trace_json_is_int (v) || json_node_get_int (v) < min || json_node_get_int (v) > max)
        {
          /* xgettext cannot read G_GINT64_FORMAT: the numbers go in as text. */
          g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
          g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);

          return _lab_trace_json_invalid (error, _("%s: “%s” %u is not a whole number from %s "
                                                   "to %s"), ctx, key, i, lo, hi);
        }
      values[i] = json_node_get_int (v);
    }
  *out = g_steal_pointer (&values);
  return TRUE;
}

static gboolean
read_spans (JsonObject  *observed,
            const char  *ctx,
            LabTrace    *trace,
            GError     **error)
{
  LabObserved *roster = lab_trace_get_observed (trace);
  g_autofree char *sctx = g_strdup_printf (_("%s: spans"), ctx);
  g_autofree gint64 *begin = NULL, *end = NULL, *task = NULL, *depth = NULL, *name = NULL;
  JsonObject *columns;
  JsonArray *names;
  guint n;

  if (!get_array (observed, ctx, "names", &names, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonNode *v = json_array_get_element (names, i);

      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
        return _lab_trace_json_invalid (error, _("%s: name %u must be a string"), ctx, i);
      if (lab_observed_intern_name (roster, json_node_get_string (v)) != i)
        return _lab_trace_json_invalid (error, _("%s: name %u is there twice"), ctx, i);
    }
  if (!_lab_trace_json_read_object (observed, ctx, "spans", &columns, error) ||
      !get_array (columns, sctx, "begin_ns", &names, error))
    return FALSE;
  n = json_array_get_length (names);
  if (!read_column (columns, sctx, "begin_ns", n, 0, G_MAXINT64, &begin, error) ||
      !read_column (columns, sctx, "end_ns", n, 0, G_MAXINT64, &end, error) ||
      !read_column (columns, sctx, "task", n, 0,
                    (gint64) lab_trace_get_n_tasks (trace) - 1, &task, error) ||
      !read_column (columns, sctx, "depth", n, 0, G_MAXUINT16, &depth, error) ||
      !read_column (columns, sctx, "name", n, 0,
                    (gint64) json_array_get_length (json_object_get_array_member (observed, "names")) - 1,
                    &name, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      LabNamedSpan span = { begin[i], end[i], (guint32) task[i], (guint16) depth[i], 0,
                            (guint32) name[i], 0 };

      if (end[i] < begin[i])
        return _lab_trace_json_invalid (error, _("%s: span %u ends before it begins"), sctx, i);
      lab_observed_add_span (roster, &span);
    }
  return TRUE;
}

static gboolean
read_counters (JsonObject  *observed,
               const char  *ctx,
               LabObserved *roster,
               GError     **error)
{
  JsonArray *list;

  if (!get_array (observed, ctx, "counters", &list, error))
    return FALSE;
  for (guint c = 0; c < json_array_get_length (list); c++)
    {
      JsonNode *node = json_array_get_element (list, c);
      g_autofree char *cctx = g_strdup_printf (_("%s: counter %u"), ctx, c);
      JsonArray *times, *values;
      const char *name;
      gint64 process;
      JsonObject *o;
      guint index;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _lab_trace_json_invalid (error, _("%s must be an object"), cctx);
      o = json_node_get_object (node);
      if (!_lab_trace_json_read_int (o, cctx, "process", 0, (gint64) lab_observed_get_n_processes (roster) - 1,
                    &process, error) ||
          !_lab_trace_json_read_string (o, cctx, "name", &name, error) ||
          !get_array (o, cctx, "t_ns", &times, error) ||
          !get_array (o, cctx, "value", &values, error))
        return FALSE;
      if (json_array_get_length (times) != json_array_get_length (values))
        return _lab_trace_json_invalid (error, _("%s: “t_ns” and “value” differ in length"),
                                        cctx);
      index = lab_observed_add_counter (roster, (guint) process, name);
      for (guint i = 0; i < json_array_get_length (times); i++)
        {
          JsonNode *t = json_array_get_element (times, i);
          double v;

          if (!_lab_trace_json_is_int (t)
              || !_lab_trace_json_to_number (json_array_get_element (values, i), &v))
            return _lab_trace_json_invalid (error, _("%s: sample %u must be a time and a number"),
                                            cctx, i);
          lab_observed_counter_add (roster, index, json_node_get_int (t), v);
        }
    }
  return TRUE;
}

static gboolean
read_sampling (JsonObject  *observed,
               const char  *ctx,
               LabObserved *roster,
               GError     **error)
{
  g_autofree char *sctx = g_strdup_printf (_("%s: sampling"), ctx);
  LabSamplingNote note = { 0 };
  gint64 rate, reads, cpu, median, max, unreadable, kernel = 0, unseen = -1, memory = 0;
  JsonObject *o;

  if (!_lab_trace_json_read_object (observed, ctx, "sampling", &o, error) ||
      !_lab_trace_json_read_int (o, sctx, "rate_hz", 0, G_MAXINT32, &rate, error) ||
      !_lab_trace_json_read_int (o, sctx, "reads", 0, G_MAXINT64, &reads, error) ||
      !_lab_trace_json_read_int (o, sctx, "sampler_cpu_ns", 0, G_MAXINT64, &cpu, error) ||
      !_lab_trace_json_read_int (o, sctx, "median_interval_ns", 0, G_MAXINT64, &median, error) ||
      !_lab_trace_json_read_int (o, sctx, "max_interval_ns", 0, G_MAXINT64, &max, error) ||
      !_lab_trace_json_read_int (o, sctx, "unreadable", 0, G_MAXINT32, &unreadable, error))
    return FALSE;
  /* Absent from files made before they were measured. */
  if ((json_object_has_member (o, "kernel_cpu_ns")
       && !_lab_trace_json_read_int (o, sctx, "kernel_cpu_ns", 0, G_MAXINT64, &kernel, error)) ||
      (json_object_has_member (o, "unseen_cpu_ns")
       && !_lab_trace_json_read_int (o, sctx, "unseen_cpu_ns", -1, G_MAXINT64, &unseen, error)) ||
      (json_object_has_member (o, "memory_cpu_ns")
       && !_lab_trace_json_read_int (o, sctx, "memory_cpu_ns", 0, G_MAXINT64, &memory, error)))
    return FALSE;
  note.kernel_cpu_ns = kernel;
  note.unseen_cpu_ns = unseen;
  note.memory_cpu_ns = memory;
  note.rate_hz = (guint) rate;
  note.reads = (guint64) reads;
  note.sampler_cpu_ns = cpu;
  note.median_interval_ns = median;
  note.max_interval_ns = max;
  note.unreadable = (guint) unreadable;
  lab_observed_set_sampling (roster, &note);
  return TRUE;
}

/**
 * _lab_trace_json_read_observed:
 * @model: a model's metadata that has "observed"
 * @ctx: where, for messages
 * @id: the model's id
 * @n_cores: its cores
 * @error: a #LabError
 *
 * Returns: (transfer full) (nullable): an observed trace with its roster
 *   and tasks, its segments still to be read from the events
 */
LabTrace *
_lab_trace_json_read_observed (JsonObject *model,
                               const char *ctx,
                               const char *id,
                               guint       n_cores,
                               GError    **error)
{
  g_autofree char *octx = g_strdup_printf (_("%s: observed"), ctx);
  g_autoptr(LabTrace) trace = NULL;
  JsonObject *observed;
  const char *title;

  if (!_lab_trace_json_read_object (model, ctx, "observed", &observed, error))
    return NULL;
  trace = lab_trace_new_observed (id, n_cores);
  if (!_lab_trace_json_read_string (observed, octx, "title", &title, error))
    return NULL;
  lab_observed_set_title (lab_trace_get_observed (trace), *title != '\0' ? title : NULL);
  if (json_object_has_member (observed, "note"))
    {
      const char *note;

      if (!_lab_trace_json_read_string (observed, octx, "note", &note, error))
        return NULL;
      lab_observed_set_note (lab_trace_get_observed (trace), note);
    }
  if (!read_processes (observed, octx, lab_trace_get_observed (trace), error) ||
      !read_tasks (observed, octx, trace, error) ||
      !read_spans (observed, octx, trace, error) ||
      !read_counters (observed, octx, lab_trace_get_observed (trace), error) ||
      !read_sampling (observed, octx, lab_trace_get_observed (trace), error))
    return NULL;
  return g_steal_pointer (&trace);
}
