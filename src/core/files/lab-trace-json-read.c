/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace-json"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lab-duration.h"
#include "lab-error.h"
#include "lab-trace-json-private.h"
#include "lab-trace-private.h"

/*
 * Reading trusts nothing: a file may be hand-edited, truncated or hostile.
 * Every field is checked for presence, type and range before it is used,
 * and every message says where the problem is ("event 12: “dur” must be a
 * number"), so that a user can find it. Nothing is handed to the trace API
 * that its own checks would refuse.
 */

/* Shared with lab-trace-json-strips.c (lab-trace-json-private.h). */
gboolean
_lab_trace_json_invalid (GError    **error,
                         const char *format,
                         ...)
{
  va_list args;

  va_start (args, format);
  lab_error_fail_valist (error, LAB_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* Well-formed JSON that is not one of our traces: said apart from a
 * damaged trace, so that the window can say which it is in plain words. */
static gboolean
not_ours (GError    **error,
          const char *message)
{
  g_set_error_literal (error, LAB_ERROR, LAB_ERROR_NOT_TRACE, message);
  return FALSE;
}

static JsonNode *
member (JsonObject *object,
        const char *ctx,
        const char *key,
        GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    _lab_trace_json_invalid (error, _("%s: “%s” is missing"), ctx, key);
  return node;
}

/* Shared with the other readers (lab-trace-json-private.h). */
gboolean
_lab_trace_json_is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
_lab_trace_json_to_number (JsonNode *node,
                           double   *out)
{
  if (_lab_trace_json_is_int (node))
    *out = (double) json_node_get_int (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

/* The field readers, shared with the other readers of this format
 * (lab-trace-json-private.h): the same checks, the same messages. */
gboolean
_lab_trace_json_read_int (JsonObject *object,
                          const char *ctx,
                          const char *key,
                          gint64      min,
                          gint64      max,
                          gint64     *out,
                          GError    **error)
{
  JsonNode *node = member (object, ctx, key, error);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!_lab_trace_json_is_int (node))
    return _lab_trace_json_invalid (error, _("%s: “%s” must be an integer"), ctx, key);
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      /* xgettext cannot read G_GINT64_FORMAT: the numbers go in as text. */
      g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      return _lab_trace_json_invalid (error, _("%s: “%s” is %s, outside %s to %s"),
                                      ctx, key, v, lo, hi);
    }
  *out = value;
  return TRUE;
}

static gboolean
read_number (JsonObject *object,
             const char *ctx,
             const char *key,
             double      min,
             double     *out,
             GError    **error)
{
  JsonNode *node = member (object, ctx, key, error);

  if (node == NULL)
    return FALSE;
  if (!_lab_trace_json_to_number (node, out))
    return _lab_trace_json_invalid (error, _("%s: “%s” must be a number"), ctx, key);
  if (*out < min)
    return _lab_trace_json_invalid (error, _("%s: “%s” must be at least %g"), ctx, key, min);
  return TRUE;
}

gboolean
_lab_trace_json_read_string (JsonObject  *object,
                             const char  *ctx,
                             const char  *key,
                             const char **out,
                             GError     **error)
{
  JsonNode *node = member (object, ctx, key, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _lab_trace_json_invalid (error, _("%s: “%s” must be a string"), ctx, key);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_bool (JsonObject *object,
           const char *ctx,
           const char *key,
           gboolean   *out,
           GError    **error)
{
  JsonNode *node = member (object, ctx, key, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _lab_trace_json_invalid (error, _("%s: “%s” must be true or false"), ctx, key);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_lab_trace_json_read_array (JsonObject  *object,
                            const char  *ctx,
                            const char  *key,
                            JsonArray  **out,
                            GError     **error)
{
  JsonNode *node = member (object, ctx, key, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _lab_trace_json_invalid (error, _("%s: “%s” must be an array"), ctx, key);
  *out = json_node_get_array (node);
  return TRUE;
}

/* Shared with lab-trace-json-strips.c (lab-trace-json-private.h). */
gboolean
_lab_trace_json_read_object (JsonObject  *object,
                             const char  *ctx,
                             const char  *key,
                             JsonObject **out,
                             GError     **error)
{
  JsonNode *node = member (object, ctx, key, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _lab_trace_json_invalid (error, _("%s: “%s” must be an object"), ctx, key);
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* json-glib parses recursively; a file of a million "[" must be refused
 * before it reaches the parser. Our files nest six levels deep. It also
 * wraps integers past 64 bits around (2^64 - 1 reads as -1), so such
 * numbers are refused here too. And json-glib 1.6 leaks every node of a
 * second top-level value ("{} {...}", found by fuzzing), so only one
 * object (or, unless @object_only, one array), with nothing but white
 * space after it, gets through. */
gboolean
_lab_trace_json_check_shape (const char *data,
                             gsize       length,
                             gboolean    object_only,
                             GError    **error)
{
  gboolean in_string = FALSE;
  gboolean closed = FALSE;
  guint depth = 0;
  guint digits = 0;
  char first = '\0';

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (first == '\0' && !is_json_space (c))
        first = c;
      if (closed && !is_json_space (c))
        return _lab_trace_json_invalid (error, _("text follows the end of the top-level object"));

      digits = !in_string && g_ascii_isdigit (c) ? digits + 1 : 0;
      if (digits > 19)
        return _lab_trace_json_invalid (error, _("a number has more digits than any value "
                                                 "in a comparison"));

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > LAB_TRACE_JSON_MAX_DEPTH)
            return _lab_trace_json_invalid (error, _("nested more than %d levels deep"),
                                            LAB_TRACE_JSON_MAX_DEPTH);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        closed = --depth == 0 && (first == '{' || (!object_only && first == '['));
    }
  /* Another shape at the top is JSON of another program (or no JSON). */
  if (first != '\0' && first != '{' && object_only)
    return not_ours (error, _("the top level must be an object"));
  if (first != '\0' && first != '{' && first != '[')
    return _lab_trace_json_invalid (error, _("not JSON: a trace is a list or an object"));
  return TRUE;
}

/* A what-if run's core limit: absent in files made before it existed
 * (every core), else 0 (every core) up to the cores recorded. */
static gboolean
read_core_limit (JsonObject *object,
                 const char *ctx,
                 gint64      cores,
                 guint      *out,
                 GError    **error)
{
  gint64 value;

  *out = 0;
  if (!json_object_has_member (object, "core_limit"))
    return TRUE;
  if (!_lab_trace_json_read_int (object, ctx, "core_limit", 0, cores, &value, error))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* "stopped" (optional: files made before it existed have none): a run
 * stopped while the model ran. Such older files still show it: a task
 * left cancelled was stopped. "complete" is derived, never read. */
static gboolean
read_stopped (JsonObject *model,
              const char *ctx,
              LabTrace   *trace,
              GError    **error)
{
  /* a traced program's trace has no workload: its own lanes */
  guint n_tasks = lab_trace_get_n_tasks (trace);
  gboolean stopped = FALSE;

  if (json_object_has_member (model, "stopped"))
    {
      if (!read_bool (model, ctx, "stopped", &stopped, error))
        return FALSE;
    }
  else
    for (guint32 task = 0; task < n_tasks && !stopped; task++)
      stopped = lab_trace_task_get_status (trace, task) == LAB_TASK_STATUS_CANCELLED;
  if (stopped)
    lab_trace_mark_stopped (trace);
  return TRUE;
}

/* Everything a model's metadata says, read before its segments. */
static LabTrace *
read_model (JsonObject    *model,
            guint          index,
            LabWorkload   *workload,
            GError       **error)
{
  g_autofree char *ctx = g_strdup_printf (_("metadata: model %u"), index);
  g_autoptr(LabWorkload) own_workload = NULL;
  g_autoptr(LabTrace) trace = NULL;
  /* Set by the readers only on success; initialized because GCC cannot
   * see through the inlined failure paths (-Wmaybe-uninitialized). */
  JsonArray *status = NULL, *markers = NULL, *util = NULL;
  JsonObject *reasons = NULL;
  JsonNode *node;
  const char *id;
  gint64 pid, cores, workers, sw, begin, end, cpu;
  double ipms;
  guint n_tasks;
  guint limit = 0;

  if (!_lab_trace_json_read_string (model, ctx, "id", &id, error))
    return NULL;
  if (*id == '\0' || strlen (id) > 64)
    {
      _lab_trace_json_invalid (error, _("%s: “id” must be 1 to 64 characters"), ctx);
      return NULL;
    }
  if (!_lab_trace_json_read_int (model, ctx, "pid", index + 1, index + 1, &pid, error) ||
      !_lab_trace_json_read_int (model, ctx, "cores", 1, LAB_TRACE_JSON_MAX_CORES, &cores, error) ||
      !_lab_trace_json_read_int (model, ctx, "workers", 0, G_MAXUINT16 + 1, &workers, error) ||
      !_lab_trace_json_read_int (model, ctx, "switch_interval_ns", 0, LAB_DURATION_MAX_NS, &sw,
                                 error) ||
      !read_number (model, ctx, "iterations_per_ms", 0.0, &ipms, error) ||
      !_lab_trace_json_read_int (model, ctx, "begin_ns", 0, G_MAXINT64, &begin, error) ||
      !_lab_trace_json_read_int (model, ctx, "end_ns", 0, G_MAXINT64, &end, error) ||
      !_lab_trace_json_read_int (model, ctx, "cpu_ns", 0, G_MAXINT64, &cpu, error) ||
      !_lab_trace_json_read_array (model, ctx, "status", &status, error) ||
      !_lab_trace_json_read_object (model, ctx, "reasons", &reasons, error) ||
      !_lab_trace_json_read_array (model, ctx, "markers", &markers, error) ||
      !_lab_trace_json_read_array (model, ctx, "utilization", &util, error))
    return NULL;
  if (end != 0 && end < begin)
    {
      _lab_trace_json_invalid (error, _("%s: “end_ns” is before “begin_ns”"), ctx);
      return NULL;
    }

  if (json_object_has_member (model, "observed"))
    {
      trace = _lab_trace_json_read_observed (model, ctx, id, (guint) cores, error);
      if (trace == NULL)
        return NULL;
    }
  else
    {
      if (json_object_has_member (model, "workload"))
        {
          const char *text;
          g_autoptr(GError) parse_error = NULL;

          if (!_lab_trace_json_read_string (model, ctx, "workload", &text, error))
            return NULL;
          own_workload = lab_workload_parse (text, &parse_error);
          if (own_workload == NULL)
            {
              _lab_trace_json_invalid (error, _("%s: workload: %s"), ctx, parse_error->message);
              return NULL;
            }
          workload = own_workload;
        }
      else if (workload == NULL)
        {
          _lab_trace_json_invalid (error, _("%s: a model of a comparison with no workload must "
                                            "be observed"), ctx);
          return NULL;
        }
      trace = lab_trace_new (id, workload, (guint) cores);
    }
  lab_trace_set_n_workers (trace, (guint) workers);
  lab_trace_set_switch_interval_ns (trace, sw);
  if (!read_core_limit (model, ctx, cores, &limit, error))
    return NULL;
  lab_trace_set_core_limit (trace, limit);
  lab_trace_set_iterations_per_ms (trace, ipms);
  lab_trace_begin (trace, begin);
  lab_trace_end (trace, end);
  lab_trace_add_cpu_time (trace, cpu);

  n_tasks = lab_trace_get_n_tasks (trace);
  if (json_array_get_length (status) != n_tasks)
    {
      _lab_trace_json_invalid (error, _("%s: “status” has %u entries for %u tasks"), ctx,
                               json_array_get_length (status), n_tasks);
      return NULL;
    }

  /* Reasons first: a failed task takes its reason when its status is set. */
  {
    JsonObjectIter iter;
    const char *key;

    json_object_iter_init (&iter, reasons);
    while (json_object_iter_next (&iter, &key, &node))
      {
        char *endp = NULL;
        guint64 task = g_ascii_strtoull (key, &endp, 10);
        JsonNode *s;

        if (*key == '\0' || *endp != '\0' || !g_ascii_isdigit (*key) || task >= n_tasks)
          {
            _lab_trace_json_invalid (error, _("%s: reasons: “%s” is not a task"), ctx, key);
            return NULL;
          }
        if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
          {
            _lab_trace_json_invalid (error, _("%s: reasons: “%s” must be a string"), ctx, key);
            return NULL;
          }
        s = json_array_get_element (status, (guint) task);
        if (!JSON_NODE_HOLDS_VALUE (s) || g_strcmp0 (json_node_get_string (s), "failed") != 0)
          {
            _lab_trace_json_invalid (error, _("%s: reasons: task %s has a reason but did not fail"),
                                     ctx, key);
            return NULL;
          }
      }
  }

  for (guint k = 0; k < n_tasks; k++)
    {
      JsonNode *s = json_array_get_element (status, k);
      LabTaskStatus st;
      g_autofree char *key = g_strdup_printf ("%u", k);

      if (!JSON_NODE_HOLDS_VALUE (s) || json_node_get_value_type (s) != G_TYPE_STRING ||
          !lab_task_status_from_string (json_node_get_string (s), &st))
        {
          _lab_trace_json_invalid (error,
                                   _("%s: status %u must be pending, done, failed or cancelled"),
                                   ctx, k);
          return NULL;
        }
      if (st == LAB_TASK_STATUS_DONE)
        lab_trace_task_done (trace, k);
      else if (st == LAB_TASK_STATUS_CANCELLED)
        lab_trace_task_cancelled (trace, k);
      else if (st == LAB_TASK_STATUS_FAILED)
        lab_trace_task_failed (trace, k, json_object_has_member (reasons, key)
                                         ? json_object_get_string_member (reasons, key) : NULL);
    }

  node = member (model, ctx, "error", error);
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    lab_trace_set_error (trace, json_node_get_string (node));
  else if (!JSON_NODE_HOLDS_NULL (node))
    {
      _lab_trace_json_invalid (error, _("%s: “error” must be a string or null"), ctx);
      return NULL;
    }
  if (!read_stopped (model, ctx, trace, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (markers); i++)
    {
      JsonNode *m = json_array_get_element (markers, i);
      g_autofree char *mctx = g_strdup_printf (_("%s: marker %u"), ctx, i);
      const char *text;
      gint64 t;

      if (!JSON_NODE_HOLDS_OBJECT (m))
        {
          _lab_trace_json_invalid (error, _("%s must be an object"), mctx);
          return NULL;
        }
      if (!_lab_trace_json_read_int (json_node_get_object (m), mctx, "t_ns", 0, G_MAXINT64, &t,
                                     error) ||
          !_lab_trace_json_read_string (json_node_get_object (m), mctx, "text", &text, error))
        return NULL;
      lab_trace_add_marker (trace, t, text);
    }

  if (json_array_get_length (util) > LAB_TRACE_JSON_MAX_CORES)
    {
      _lab_trace_json_invalid (error, _("%s: “utilization” has more than %d cores"), ctx,
                               LAB_TRACE_JSON_MAX_CORES);
      return NULL;
    }
  for (guint c = 0; c < json_array_get_length (util); c++)
    {
      JsonNode *u = json_array_get_element (util, c);
      g_autofree char *uctx = g_strdup_printf (_("%s: utilization of core %u"), ctx, c);
      JsonArray *times, *busy;

      if (!JSON_NODE_HOLDS_OBJECT (u))
        {
          _lab_trace_json_invalid (error, _("%s must be an object"), uctx);
          return NULL;
        }
      if (!_lab_trace_json_read_array (json_node_get_object (u), uctx, "t_ns", &times, error) ||
          !_lab_trace_json_read_array (json_node_get_object (u), uctx, "busy", &busy, error))
        return NULL;
      if (json_array_get_length (times) != json_array_get_length (busy))
        {
          _lab_trace_json_invalid (error, _("%s: “t_ns” and “busy” differ in length"), uctx);
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (times); i++)
        {
          JsonNode *t = json_array_get_element (times, i);
          double b;

          if (!_lab_trace_json_is_int (t) || json_node_get_int (t) < 0)
            {
              _lab_trace_json_invalid (error, _("%s: time %u must be a positive integer"), uctx, i);
              return NULL;
            }
          if (!_lab_trace_json_to_number (json_array_get_element (busy, i), &b) || b < 0.0 || b > 1.0)
            {
              _lab_trace_json_invalid (error, _("%s: busy %u must be a number from 0 to 1"),
                                       uctx, i);
              return NULL;
            }
          _lab_trace_add_utilization_sample (trace, c, json_node_get_int (t), (float) b);
        }
    }

  if (!_lab_trace_json_read_strips (model, ctx, trace, error))
    return NULL;
  return g_steal_pointer (&trace);
}

static gboolean
read_segment (JsonObject *event,
              const char *ctx,
              GPtrArray  *traces,
              GError    **error)
{
  JsonObject *args;
  LabTrace *trace;
  const char *state_name;
  LabState state;
  gint64 pid, tid, begin, end, core, worker;
  double ts, dur;

  if (!_lab_trace_json_read_int (event, ctx, "pid", 1, traces->len, &pid, error))
    return FALSE;
  trace = g_ptr_array_index (traces, pid - 1);
  if (!_lab_trace_json_read_int (event, ctx, "tid", 1, lab_trace_get_n_tasks (trace), &tid,
                                 error) ||
      !read_number (event, ctx, "ts", -G_MAXDOUBLE, &ts, error) ||
      !read_number (event, ctx, "dur", 0.0, &dur, error) ||
      !_lab_trace_json_read_object (event, ctx, "args", &args, error) ||
      !_lab_trace_json_read_int (args, ctx, "begin_ns", 0, G_MAXINT64, &begin, error) ||
      !_lab_trace_json_read_int (args, ctx, "end_ns", 0, G_MAXINT64, &end, error) ||
      !_lab_trace_json_read_string (args, ctx, "state", &state_name, error) ||
      !_lab_trace_json_read_int (args, ctx, "core", -1, LAB_TRACE_JSON_MAX_CORES - 1, &core,
                                 error) ||
      !_lab_trace_json_read_int (args, ctx, "worker", 0, G_MAXUINT16, &worker, error))
    return FALSE;
  if (end < begin)
    return _lab_trace_json_invalid (error, _("%s: “end_ns” is before “begin_ns”"), ctx);
  if (!lab_state_from_string (state_name, &state))
    return _lab_trace_json_invalid (error, _("%s: unknown state “%s”"), ctx, state_name);

  lab_trace_writer_add (lab_trace_get_writer (trace, (guint) worker), (guint32) (tid - 1),
                        state, (gint) core, begin, end);
  return TRUE;
}

static gboolean
read_event (JsonNode   *node,
            guint       index,
            GPtrArray  *traces,
            GError    **error)
{
  g_autofree char *ctx = g_strdup_printf (_("event %u"), index);
  JsonObject *event;
  const char *ph;
  const char *cat = NULL;
  const char *name;
  gint64 pid;
  double ts, dur;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _lab_trace_json_invalid (error, _("%s must be an object"), ctx);
  event = json_node_get_object (node);
  if (!_lab_trace_json_read_string (event, ctx, "ph", &ph, error) ||
      !_lab_trace_json_read_int (event, ctx, "pid", 1,
                                 LAB_TRACE_JSON_CORE_PID_BASE + LAB_TRACE_JSON_MAX_MODELS, &pid,
                                 error))
    return FALSE;
  if (json_object_has_member (event, "cat")
      && !_lab_trace_json_read_string (event, ctx, "cat", &cat, error))
    return FALSE;

  if (strcmp (ph, "X") == 0 && g_strcmp0 (cat, "segment") == 0)
    return read_segment (event, ctx, traces, error);

  /* The rest repeats for Perfetto what metadata holds exactly: checked
   * for shape, then skipped. */
  if (strcmp (ph, "M") == 0)
    {
      JsonObject *args;

      return _lab_trace_json_read_string (event, ctx, "name", &name, error) &&
             _lab_trace_json_read_object (event, ctx, "args", &args, error);
    }
  if (strcmp (ph, "X") != 0 && strcmp (ph, "C") != 0 && strcmp (ph, "i") != 0)
    return _lab_trace_json_invalid (error, _("%s: unknown phase “%s”"), ctx, ph);
  if (!_lab_trace_json_read_string (event, ctx, "name", &name, error) ||
      !read_number (event, ctx, "ts", -G_MAXDOUBLE, &ts, error))
    return FALSE;
  if (strcmp (ph, "X") == 0)
    {
      if (g_strcmp0 (cat, "core") != 0 && g_strcmp0 (cat, "gil") != 0)
        return _lab_trace_json_invalid (error, _("%s: unknown category “%s”"),
                                        ctx, cat != NULL ? cat : "");
      return read_number (event, ctx, "dur", 0.0, &dur, error);
    }
  return TRUE;
}

/* What the metadata says besides the models: the run's plan (its entries
 * come later, with the models they must agree with) and the stamp. */
typedef struct
{
  LabRunPlanBuilder *plan;
  LabWorkload       *workload;
  guint              cores;
  const char        *version;
  double             iterations_per_ms;
  gint64             created;
  guint              expected;
} Settings;

static void
settings_clear (Settings *settings)
{
  g_clear_pointer (&settings->plan, lab_run_plan_builder_free);
  g_clear_pointer (&settings->workload, lab_workload_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static gboolean
read_settings (JsonObject  *meta,
               Settings    *out,
               GError     **error)
{
  const char *ctx = _("metadata");
  const char *format, *workload_text = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(LabWorkload) workload = NULL;
  gint64 fv, cores, workers, sw, created, expected;
  double ipms;
  gboolean all = FALSE;
  guint limit = 0;

  if (!_lab_trace_json_read_string (meta, ctx, "format", &format, error))
    return FALSE;
  if (strcmp (format, LAB_TRACE_JSON_FORMAT) != 0)
    return _lab_trace_json_invalid (error, _("not a Concurrency Lab comparison (format “%s”)"),
                                    format);
  if (!_lab_trace_json_read_int (meta, ctx, "format_version", 1, G_MAXINT64, &fv, error))
    return FALSE;
  if (fv > LAB_TRACE_JSON_VERSION)
    return _lab_trace_json_invalid (error, _("made by a newer version of Concurrency Lab "
                                             "(format %d; this one reads %d)"),
                                    (int) MIN (fv, G_MAXINT), LAB_TRACE_JSON_VERSION);
  if (!_lab_trace_json_read_string (meta, ctx, "app_version", &out->version, error) ||
      (json_object_has_member (meta, "workload")
       && !_lab_trace_json_read_string (meta, ctx, "workload", &workload_text, error)) ||
      !_lab_trace_json_read_int (meta, ctx, "cores", 1, LAB_TRACE_JSON_MAX_CORES, &cores, error) ||
      !_lab_trace_json_read_int (meta, ctx, "workers", 0, G_MAXUINT16 + 1, &workers, error) ||
      !_lab_trace_json_read_int (meta, ctx, "switch_interval_ns", 0, LAB_DURATION_MAX_NS, &sw,
                                 error) ||
      !read_number (meta, ctx, "iterations_per_ms", 0.0, &ipms, error) ||
      !read_bool (meta, ctx, "all_at_once", &all, error) ||
      !_lab_trace_json_read_int (meta, ctx, "created", 0, G_MAXINT64, &created, error) ||
      !_lab_trace_json_read_int (meta, ctx, "expected_models", 0, LAB_TRACE_JSON_MAX_MODELS,
                                 &expected, error) ||
      !read_core_limit (meta, ctx, cores, &limit, error))
    return FALSE;

  /* No workload: a comparison of observed traces (each model says so),
   * whose plan names what was traced. */
  if (workload_text != NULL)
    {
      workload = lab_workload_parse (workload_text, &parse_error);
      if (workload == NULL)
        return _lab_trace_json_invalid (error, _("metadata: workload: %s"), parse_error->message);
    }

  out->plan = workload != NULL ? lab_run_plan_builder_new (workload, (guint) workers)
                                : lab_run_plan_builder_new_observed ((guint) workers);
  out->workload = g_steal_pointer (&workload);
  /* 0 was accepted from files made before the interval was recorded:
   * such a run had the default */
  if (sw > 0)
    lab_run_plan_builder_set_switch_interval_ns (out->plan, sw);
  lab_run_plan_builder_set_core_limit (out->plan, limit);
  lab_run_plan_builder_set_all_at_once (out->plan, all);
  out->cores = (guint) cores;
  out->iterations_per_ms = ipms;
  out->created = created;
  out->expected = (guint) expected;
  return TRUE;
}

/* "planned" (optional: older files have none, and planned what they ran):
 * every model the run was to run; those past the saved models never ran. */
static gboolean
read_planned (JsonObject        *meta,
              LabRunPlanBuilder *plan,
              GPtrArray         *traces,
              GError           **error)
{
  JsonArray *planned = NULL;
  guint n;

  if (!json_object_has_member (meta, "planned"))
    {
      for (guint i = 0; i < traces->len; i++)
        {
          LabTrace *trace = g_ptr_array_index (traces, i);

          lab_run_plan_builder_add_entry (plan, lab_trace_get_model_id (trace),
                                          lab_trace_get_n_workers (trace));
        }
      return TRUE;
    }
  if (!_lab_trace_json_read_array (meta, _("metadata"), "planned", &planned, error))
    return FALSE;
  n = json_array_get_length (planned);
  if (n > LAB_TRACE_JSON_MAX_MODELS)
    return _lab_trace_json_invalid (error, _("metadata: more than %d planned models"),
                                    LAB_TRACE_JSON_MAX_MODELS);
  if (n < traces->len)
    return _lab_trace_json_invalid (error, _("metadata: “planned” has fewer models than “models”"));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (planned, i);
      g_autofree char *ctx = g_strdup_printf (_("metadata: planned model %u"), i);
      const char *id;
      gint64 workers;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _lab_trace_json_invalid (error, _("%s must be an object"), ctx);
      if (!_lab_trace_json_read_string (json_node_get_object (node), ctx, "id", &id, error) ||
          !_lab_trace_json_read_int (json_node_get_object (node), ctx, "workers", 0,
                                     G_MAXUINT16 + 1, &workers, error))
        return FALSE;
      if (*id == '\0' || strlen (id) > 64)
        return _lab_trace_json_invalid (error, _("%s: “id” must be 1 to 64 characters"), ctx);
      if (i < traces->len
          && g_strcmp0 (id, lab_trace_get_model_id (g_ptr_array_index (traces, i))) != 0)
        return _lab_trace_json_invalid (error, _("%s: “%s” is not the model saved in its place"),
                                        ctx, id);
      lab_run_plan_builder_add_entry (plan, id, (guint) workers);
    }
  return TRUE;
}

/* The comparison of the settings and the plan they and "planned" make. */
static LabComparison *
comparison_new (Settings *settings)
{
  g_autoptr(LabRunPlan) plan = lab_run_plan_builder_end (settings->plan);
  LabComparison *comparison = lab_comparison_new_for_plan (plan, settings->cores);

  lab_comparison_set_version (comparison, settings->version);
  lab_comparison_set_iterations_per_ms (comparison, settings->iterations_per_ms);
  lab_comparison_set_created (comparison, settings->created);
  lab_comparison_set_n_expected (comparison, settings->expected);
  return comparison;
}

/* "lesson" (optional: a workload made by hand has none, older files
 * neither): the id of a preset, which names the lesson on a slide. An id
 * this version does not know is kept: a newer version may have it. */
static gboolean
read_lesson (JsonObject    *meta,
             LabComparison *comparison,
             GError       **error)
{
  const char *lesson;

  if (!json_object_has_member (meta, "lesson"))
    return TRUE;
  if (!_lab_trace_json_read_string (meta, _("metadata"), "lesson", &lesson, error))
    return FALSE;
  if (*lesson == '\0' || strlen (lesson) > 64
      || strspn (lesson, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (lesson))
    return _lab_trace_json_invalid (error, _("metadata: “lesson” must be the id of a lesson, "
                                             "such as one-cook"));
  lab_comparison_set_lesson (comparison, lesson);
  return TRUE;
}

/* "predictions" (optional: older files have none): { model id: ns }, each
 * naming a model of the file and a duration the parser would accept. */
static gboolean
read_predictions (JsonObject    *meta,
                  LabComparison *comparison,
                  GPtrArray     *traces,
                  GError       **error)
{
  const char *ctx = _("metadata: predictions");
  JsonObject *predictions = NULL;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (!json_object_has_member (meta, "predictions"))
    return TRUE;
  if (!_lab_trace_json_read_object (meta, _("metadata"), "predictions", &predictions, error))
    return FALSE;

  json_object_iter_init (&iter, predictions);
  while (json_object_iter_next (&iter, &id, &node))
    {
      gboolean known = FALSE;
      gint64 ns;

      for (guint m = 0; m < traces->len && !known; m++)
        known = g_strcmp0 (lab_trace_get_model_id (g_ptr_array_index (traces, m)), id) == 0;
      if (!known)
        return _lab_trace_json_invalid (error, _("%s: “%s” is not a model of this comparison"),
                                        ctx, id);
      if (!_lab_trace_json_read_int (predictions, ctx, id, 1, LAB_DURATION_MAX_NS, &ns, error))
        return FALSE;
      lab_comparison_set_prediction (comparison, id, ns);
    }
  return TRUE;
}

/* Whether @root says it is a comparison of this program: an object with a
 * "metadata" object whose "format" is ours. Anything past that is checked
 * as a trace of ours, and a fault there is damage (LAB_ERROR_INVALID). */
static gboolean
is_ours (JsonNode  *root,
         GError   **error)
{
  JsonObject *meta;
  JsonNode *format;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return not_ours (error, _("the top level must be an object"));
  if (!json_object_has_member (json_node_get_object (root), "metadata")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "metadata")))
    return not_ours (error, _("top level: “metadata” is missing"));
  meta = json_object_get_object_member (json_node_get_object (root), "metadata");
  format = json_object_get_member (meta, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format)
      || json_node_get_value_type (format) != G_TYPE_STRING)
    return not_ours (error, _("metadata: “format” is missing"));
  if (strcmp (json_node_get_string (format), LAB_TRACE_JSON_FORMAT) != 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NOT_TRACE,
                   _("not a Concurrency Lab comparison (format “%s”)"), json_node_get_string (format));
      return FALSE;
    }
  return TRUE;
}

/* One comparison from the document at @root: ours, with its metadata,
 * models, events, predictions and lesson. */
static LabComparison *
read_document (JsonNode  *root,
               GError   **error)
{
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(GPtrArray) traces = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_trace_unref);
  g_auto(Settings) settings = { 0 };
  JsonObject *meta = NULL;     /* NULL: see read_model() */
  JsonArray *models = NULL, *events = NULL;

  if (!is_ours (root, error))
    return NULL;
  if (!_lab_trace_json_read_object (json_node_get_object (root), _("top level"), "metadata", &meta,
                                    error) ||
      !_lab_trace_json_read_array (json_node_get_object (root), _("top level"), "traceEvents",
                                   &events, error) ||
      !read_settings (meta, &settings, error) ||
      !_lab_trace_json_read_array (meta, _("metadata"), "models", &models, error))
    return NULL;
  if (json_array_get_length (models) > LAB_TRACE_JSON_MAX_MODELS)
    {
      _lab_trace_json_invalid (error, _("metadata: more than %d models"),
                               LAB_TRACE_JSON_MAX_MODELS);
      return NULL;
    }

  for (guint m = 0; m < json_array_get_length (models); m++)
    {
      JsonNode *node = json_array_get_element (models, m);
      LabTrace *trace;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          _lab_trace_json_invalid (error, _("metadata: model %u must be an object"), m);
          return NULL;
        }
      trace = read_model (json_node_get_object (node), m,
                          settings.workload, error);
      if (trace == NULL)
        return NULL;
      g_ptr_array_add (traces, trace);
    }

  for (guint i = 0; i < json_array_get_length (events); i++)
    if (!read_event (json_array_get_element (events, i), i, traces, error))
      return NULL;

  if (!read_planned (meta, settings.plan, traces, error))
    return NULL;
  comparison = comparison_new (&settings);
  if (!read_predictions (meta, comparison, traces, error) || !read_lesson (meta, comparison, error))
    return NULL;

  for (guint m = 0; m < traces->len; m++)
    lab_comparison_add_trace (comparison, g_ptr_array_index (traces, m));
  return g_steal_pointer (&comparison);
}

/**
 * lab_trace_json_from_string:
 * @data: text written by lab_trace_json_to_string()
 * @length: its length, or -1 if it ends with a NUL
 * @error: a #LabError naming what is wrong, e.g. "event 12: “dur” must be a number";
 *   %LAB_ERROR_NOT_TRACE where the text is JSON but not a comparison of ours
 *
 * Returns: (transfer full) (nullable): the comparison, with every trace
 *   as it was saved (and a what-if run's baseline, see
 *   lab_comparison_get_baseline())
 */
LabComparison *
lab_trace_json_from_string (const char  *data,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(LabComparison) comparison = NULL;
  JsonNode *root;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len == 0)
    {
      _lab_trace_json_invalid (error, _("the file is empty"));
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, (gssize) len, NULL))
    {
      _lab_trace_json_invalid (error, _("not UTF-8 text"));
      return NULL;
    }
  if (!_lab_trace_json_check_shape (data, len, TRUE, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &json_error))
    {
      _lab_trace_json_invalid (error, _("not valid JSON: %s"), json_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  comparison = read_document (root, error);
  if (comparison == NULL)
    return NULL;
  if (json_object_has_member (json_node_get_object (root), "baseline"))
    {
      g_autoptr(LabComparison) baseline = NULL;
      JsonNode *node = json_object_get_member (json_node_get_object (root), "baseline");

      /* A baseline of a baseline is not written; it is not read either. */
      if (JSON_NODE_HOLDS_OBJECT (node)
          && json_object_has_member (json_node_get_object (node), "baseline"))
        {
          _lab_trace_json_invalid (error,
                                   _("baseline: a baseline cannot have a baseline of its own"));
          return NULL;
        }
      baseline = read_document (node, error);
      if (baseline == NULL)
        {
          /* its own file's fault, whatever it says it is */
          if (error != NULL && *error != NULL)
            (*error)->code = LAB_ERROR_INVALID;
          g_prefix_error (error, "%s", _("baseline: "));
          return NULL;
        }
      lab_comparison_set_baseline (comparison, baseline);
    }
  return g_steal_pointer (&comparison);
}
