/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace-json"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "lab-chrome-trace.h"
#include "lab-error.h"
#include "lab-file-replace.h"
#include "lab-trace-json-private.h"
#include "lab-trace-private.h"

/* The document is produced once, by write_document(), into a Writer: its
 * GString is either the whole text (lab_trace_json_to_string) or a chunk of
 * at most about FLUSH_BYTES that is written to the file and emptied
 * (lab_trace_json_save), so the same bytes come out both ways and a run
 * with a million segments never holds all its text at once
 * (docs/PERFORMANCE.md). Events are formatted by hand: a run of 100,000
 * tasks has hundreds of thousands of them, too many to build as a
 * JsonNode tree first. Only
 * strings that come from outside (model ids, marker texts) go through
 * json-glib for escaping. */
#define FLUSH_BYTES (256 * 1024)

typedef struct
{
  GString  *out;
  int       fd;        /* -1: keep everything in out */
  int       errsv;     /* errno of the first failed write; later output is dropped */
  gboolean  first;     /* no event written yet */
} Writer;

static void
writer_flush (Writer *w)
{
  if (w->fd < 0)
    return;
  if (w->errsv == 0)
    w->errsv = lab_file_write_all (w->fd, w->out->str, w->out->len);
  g_string_truncate (w->out, 0);
}

static void
append_string (GString    *out,
               const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

/* Microseconds from the origin, with the nanoseconds as three decimals;
 * shared with lab-trace-json-strips.c (lab-trace-json-private.h). */
void
_lab_trace_json_append_us (GString *out,
                           gint64   ns)
{
  gint64 a = ns < 0 ? -ns : ns;

  g_string_append_printf (out, "%s%" G_GINT64_FORMAT ".%03d", ns < 0 ? "-" : "",
                          a / 1000, (int) (a % 1000));
}

static GString *
next_event (Writer *ev)
{
  if (ev->out->len >= FLUSH_BYTES)
    writer_flush (ev);
  g_string_append (ev->out, ev->first ? "\n" : ",\n");
  ev->first = FALSE;
  return ev->out;
}

static GString *
next_strip_event (gpointer writer)
{
  return next_event (writer);
}

static void
name_event (Writer     *ev,
            const char *what,
            guint       pid,
            guint       tid,
            const char *name)
{
  GString *out = next_event (ev);

  g_string_append_printf (out, "{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%u", what, pid);
  if (tid > 0)
    g_string_append_printf (out, ",\"tid\":%u", tid);
  g_string_append (out, ",\"args\":{\"name\":");
  append_string (out, name);
  g_string_append (out, "}}");
}

static void
sort_event (Writer *ev,
            guint   pid,
            guint   index)
{
  g_string_append_printf (next_event (ev),
                          "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%u,"
                          "\"args\":{\"sort_index\":%u}}", pid, index);
}

static void
segment_events (Writer           *ev,
                const LabSegment *s,
                guint             model,
                gint64            origin)
{
  const char *state = lab_state_to_string (s->state);
  GString *out = next_event (ev);

  g_string_append_printf (out, "{\"ph\":\"X\",\"cat\":\"segment\",\"name\":\"%s\","
                          "\"pid\":%u,\"tid\":%u,\"ts\":", state, model + 1, s->task + 1);
  _lab_trace_json_append_us (out, s->begin_ns - origin);
  g_string_append (out, ",\"dur\":");
  _lab_trace_json_append_us (out, s->end_ns - s->begin_ns);
  g_string_append_printf (out, ",\"args\":{\"begin_ns\":%" G_GINT64_FORMAT ",\"end_ns\":%"
                          G_GINT64_FORMAT ",\"state\":\"%s\",\"core\":%d,\"worker\":%u}}",
                          s->begin_ns, s->end_ns, state, s->core, s->worker);

  if (s->state != LAB_STATE_RUNNING || s->core < 0)
    return;

  out = next_event (ev);
  g_string_append_printf (out, "{\"ph\":\"X\",\"cat\":\"core\",\"name\":\"task %u\","
                          "\"pid\":%u,\"tid\":%d,\"ts\":", s->task + 1,
                          LAB_TRACE_JSON_CORE_PID_BASE + model, s->core + 1);
  _lab_trace_json_append_us (out, s->begin_ns - origin);
  g_string_append (out, ",\"dur\":");
  _lab_trace_json_append_us (out, s->end_ns - s->begin_ns);
  g_string_append_printf (out, ",\"args\":{\"task\":%u}}", s->task);
}

static void
trace_events (Writer   *ev,
              LabTrace *trace,
              guint     model,
              gint64    origin)
{
  const char *id = lab_trace_get_model_id (trace);
  LabObserved *roster = lab_trace_get_observed (trace);
  guint n_tasks = lab_trace_get_n_tasks (trace);
  guint core_pid = LAB_TRACE_JSON_CORE_PID_BASE + model;
  g_autofree char *cores_name = g_strdup_printf ("%s cores", id);
  /* Each task's segments in time order: sorted in place by task, with no
   * second buffer as large as the copy (lab-trace-writer.c). */
  g_autoptr(GArray) segments = lab_trace_copy_segments (trace);
  g_autoptr(GPtrArray) markers = lab_trace_copy_markers (trace);
  guint n_util = lab_trace_get_n_utilization_cores (trace);
  guint n_cores = MAX (lab_trace_get_n_cores (trace), n_util);

  name_event (ev, "process_name", model + 1, 0, id);
  sort_event (ev, model + 1, 2 * model);
  for (guint k = 0; k < n_tasks; k++)
    {
      g_autofree char *name = roster != NULL ? lab_observed_dup_task_label (roster, k)
                                             : g_strdup_printf ("task %u", k + 1);
      name_event (ev, "thread_name", model + 1, k + 1, name);
    }
  name_event (ev, "process_name", core_pid, 0, cores_name);
  sort_event (ev, core_pid, 2 * model + 1);
  for (guint c = 0; c < n_cores; c++)
    {
      g_autofree char *name = g_strdup_printf ("core %u", c);
      name_event (ev, "thread_name", core_pid, c + 1, name);
    }

  /* Freed before the next trace's copy is taken. */
  for (guint i = 0; i < segments->len; i++)
    segment_events (ev, &g_array_index (segments, LabSegment, i), model, origin);
  g_clear_pointer (&segments, g_array_unref);

  for (guint c = 0; c < n_util; c++)
    {
      g_autoptr(GArray) util = lab_trace_copy_utilization (trace, c);

      for (guint i = 0; i < util->len; i++)
        {
          const LabUtilSample *u = &g_array_index (util, LabUtilSample, i);
          GString *out = next_event (ev);

          g_string_append_printf (out, "{\"ph\":\"C\",\"cat\":\"utilization\","
                                  "\"name\":\"core %u busy\",\"pid\":%u,\"ts\":", c, core_pid);
          _lab_trace_json_append_us (out, u->t_ns - origin);
          g_string_append_printf (out, ",\"args\":{\"percent\":%.1f}}", u->busy * 100.0);
        }
    }

  for (guint i = 0; i < markers->len; i++)
    {
      const LabMarker *m = g_ptr_array_index (markers, i);
      GString *out = next_event (ev);

      g_string_append_printf (out, "{\"ph\":\"i\",\"cat\":\"marker\",\"s\":\"p\",\"pid\":%u,"
                              "\"tid\":0,\"ts\":", model + 1);
      _lab_trace_json_append_us (out, m->t_ns - origin);
      g_string_append (out, ",\"name\":");
      append_string (out, m->text);
      g_string_append (out, "}");
    }

  _lab_trace_json_strip_events (trace, model, origin, next_strip_event, ev);
}

static void
build_trace_metadata (JsonBuilder   *b,
                      LabComparison *comparison,
                      LabTrace      *trace,
                      guint          model)
{
  LabWorkload *workload = lab_trace_get_workload (trace);
  LabWorkload *shared = lab_comparison_get_workload (comparison);
  guint n_tasks = lab_trace_get_n_tasks (trace);
  const char *error = lab_trace_get_error (trace);
  g_autoptr(GPtrArray) markers = lab_trace_copy_markers (trace);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, lab_trace_get_model_id (trace));
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, model + 1);
  json_builder_set_member_name (b, "cores");
  json_builder_add_int_value (b, lab_trace_get_n_cores (trace));
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, lab_trace_get_n_workers (trace));
  json_builder_set_member_name (b, "switch_interval_ns");
  json_builder_add_int_value (b, lab_trace_get_switch_interval_ns (trace));
  json_builder_set_member_name (b, "core_limit");
  json_builder_add_int_value (b, lab_trace_get_core_limit (trace));
  json_builder_set_member_name (b, "iterations_per_ms");
  json_builder_add_double_value (b, lab_trace_get_iterations_per_ms (trace));
  json_builder_set_member_name (b, "begin_ns");
  json_builder_add_int_value (b, lab_trace_get_begin_ns (trace));
  json_builder_set_member_name (b, "end_ns");
  json_builder_add_int_value (b, lab_trace_get_end_ns (trace));
  json_builder_set_member_name (b, "cpu_ns");
  json_builder_add_int_value (b, lab_trace_get_cpu_ns (trace));
  json_builder_set_member_name (b, "error");
  if (error != NULL)
    json_builder_add_string_value (b, error);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "stopped");
  json_builder_add_boolean_value (b, lab_trace_was_stopped (trace));
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, lab_trace_is_complete (trace));

  if (workload != NULL && (shared == NULL || !lab_workload_equal (workload, shared)))
    {
      g_autofree char *text = lab_workload_to_string (workload);

      json_builder_set_member_name (b, "workload");
      json_builder_add_string_value (b, text);
    }

  json_builder_set_member_name (b, "status");
  json_builder_begin_array (b);
  for (guint k = 0; k < n_tasks; k++)
    json_builder_add_string_value (b, lab_task_status_to_string (lab_trace_task_get_status (trace, k)));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "reasons");
  json_builder_begin_object (b);
  for (guint k = 0; k < n_tasks; k++)
    {
      const char *reason = _lab_trace_task_get_own_reason (trace, k);

      if (reason != NULL)
        {
          g_autofree char *key = g_strdup_printf ("%u", k);

          json_builder_set_member_name (b, key);
          json_builder_add_string_value (b, reason);
        }
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "markers");
  json_builder_begin_array (b);
  for (guint i = 0; i < markers->len; i++)
    {
      const LabMarker *m = g_ptr_array_index (markers, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "t_ns");
      json_builder_add_int_value (b, m->t_ns);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, m->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "utilization");
  json_builder_begin_array (b);
  for (guint c = 0; c < lab_trace_get_n_utilization_cores (trace); c++)
    {
      g_autoptr(GArray) util = lab_trace_copy_utilization (trace, c);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "t_ns");
      json_builder_begin_array (b);
      for (guint i = 0; i < util->len; i++)
        json_builder_add_int_value (b, g_array_index (util, LabUtilSample, i).t_ns);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "busy");
      json_builder_begin_array (b);
      for (guint i = 0; i < util->len; i++)
        json_builder_add_double_value (b, g_array_index (util, LabUtilSample, i).busy);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  _lab_trace_json_build_strips (b, trace);
  _lab_trace_json_build_observed (b, trace);
  json_builder_end_object (b);
}

/* The run's plan (LabRunPlan): its workload, settings and every model it
 * was to run, those not run included. read_settings() and read_planned()
 * read it back. */
static void
build_plan (JsonBuilder   *b,
            LabComparison *comparison)
{
  LabRunPlan *plan = lab_comparison_get_plan (comparison);
  LabWorkload *shared = lab_run_plan_get_workload (plan);
  g_autofree char *workload = shared != NULL ? lab_workload_to_string (shared) : NULL;
  guint n = lab_comparison_get_n_planned (comparison);

  /* observed traces ran no workload: the key is left out (and each model
   * says "observed") */
  if (workload != NULL)
    {
      json_builder_set_member_name (b, "workload");
      json_builder_add_string_value (b, workload);
    }
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, lab_run_plan_get_n_workers (plan));
  json_builder_set_member_name (b, "switch_interval_ns");
  json_builder_add_int_value (b, lab_run_plan_get_switch_interval_ns (plan));
  json_builder_set_member_name (b, "core_limit");
  json_builder_add_int_value (b, lab_run_plan_get_core_limit (plan));
  json_builder_set_member_name (b, "all_at_once");
  json_builder_add_boolean_value (b, lab_run_plan_get_all_at_once (plan));
  /* a comparison put together by hand planned the traces it has */
  json_builder_set_member_name (b, "planned");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      guint workers = 0;
      const char *id = lab_comparison_get_planned (comparison, i, &workers);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "workers");
      json_builder_add_int_value (b, workers);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The learner's predictions, for the models this comparison ran. */
static void
build_predictions (JsonBuilder   *b,
                   LabComparison *comparison,
                   GPtrArray     *traces)
{
  g_autoptr(GHashTable) written = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_set_member_name (b, "predictions");
  json_builder_begin_object (b);
  for (guint m = 0; m < traces->len; m++)
    {
      const char *id = lab_trace_get_model_id (g_ptr_array_index (traces, m));
      gint64 ns = lab_comparison_get_prediction (comparison, id);

      /* A model may run twice (a what-if beside the run); one key each. */
      if (ns > 0 && g_hash_table_add (written, (gpointer) id))
        {
          json_builder_set_member_name (b, id);
          json_builder_add_int_value (b, ns);
        }
    }
  json_builder_end_object (b);
}

static JsonNode *
build_metadata (LabComparison *comparison,
                GPtrArray     *traces,
                gint64         origin)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (lab_comparison_get_created (comparison));
  g_autofree char *iso = created != NULL ? g_date_time_format_iso8601 (created) : g_strdup ("");
  g_autofree char *lesson = lab_comparison_dup_lesson (comparison);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, LAB_TRACE_JSON_FORMAT);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, LAB_TRACE_JSON_VERSION);
  json_builder_set_member_name (b, "app_version");
  json_builder_add_string_value (b, lab_comparison_get_version (comparison));
  build_plan (b, comparison);
  json_builder_set_member_name (b, "cores");
  json_builder_add_int_value (b, lab_comparison_get_n_cores (comparison));
  json_builder_set_member_name (b, "iterations_per_ms");
  json_builder_add_double_value (b, lab_comparison_get_iterations_per_ms (comparison));
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, lab_comparison_get_created (comparison));
  json_builder_set_member_name (b, "created_iso");
  json_builder_add_string_value (b, iso);
  json_builder_set_member_name (b, "origin_ns");
  json_builder_add_int_value (b, origin);
  json_builder_set_member_name (b, "expected_models");
  json_builder_add_int_value (b, lab_comparison_get_n_expected (comparison));
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, lab_comparison_is_complete (comparison));
  if (lesson != NULL)
    {
      json_builder_set_member_name (b, "lesson");
      json_builder_add_string_value (b, lesson);
    }
  build_predictions (b, comparison, traces);

  json_builder_set_member_name (b, "models");
  json_builder_begin_array (b);
  for (guint m = 0; m < traces->len; m++)
    build_trace_metadata (b, comparison, g_ptr_array_index (traces, m), m);
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* The whole document into @w, flushing as it goes when @w has a file. */
static void
write_document (LabComparison *comparison,
                Writer        *w)
{
  g_autoptr(GPtrArray) traces = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_trace_unref);
  g_autoptr(JsonNode) metadata = NULL;
  g_autofree char *metadata_text = NULL;
  gint64 origin;

  /* One snapshot of the list: the runner may add a trace meanwhile. */
  for (guint m = 0; m < lab_comparison_get_n_traces (comparison); m++)
    g_ptr_array_add (traces, lab_comparison_dup_trace (comparison, m));
  origin = lab_comparison_get_begin_ns (comparison);

  metadata = build_metadata (comparison, traces, origin);
  metadata_text = json_to_string (metadata, FALSE);
  g_clear_pointer (&metadata, json_node_unref);

  /* Key order matters to Perfetto's streaming reader: it stops at a key
   * it does not know, and may stop reading a chunk after "metadata", so
   * the events come first and "metadata" last. */
  g_string_append (w->out, "{\"displayTimeUnit\":\"ms\",\n\"traceEvents\":[");
  w->first = TRUE;
  for (guint m = 0; m < traces->len; m++)
    trace_events (w, g_ptr_array_index (traces, m), m, origin);
  g_string_append (w->out, "\n],\n\"metadata\":");
  g_string_append (w->out, metadata_text);
  /* A what-if run carries the run before as a whole document of its own,
   * last, where a trace viewer has stopped reading. */
  if (lab_comparison_get_baseline (comparison) != NULL)
    {
      g_string_append (w->out, ",\n\"baseline\":");
      write_document (lab_comparison_get_baseline (comparison), w);
    }
  g_string_append (w->out, "}\n");
  writer_flush (w);
}

/**
 * lab_trace_json_to_string:
 * @comparison: a comparison, finished or still recording (what was
 *   published so far is written)
 * @length: (out) (optional): the length of the text
 *
 * Returns: (transfer full): the comparison as Chrome Trace Event JSON,
 *   the same bytes lab_trace_json_save() writes
 */
char *
lab_trace_json_to_string (LabComparison *comparison,
                          gsize         *length)
{
  Writer w = { NULL, -1, 0, TRUE };

  g_return_val_if_fail (comparison != NULL, NULL);

  w.out = g_string_new (NULL);
  write_document (comparison, &w);
  if (length != NULL)
    *length = w.out->len;
  return g_string_free (w.out, FALSE);
}

typedef struct
{
  LabComparison *comparison;
  const char    *path;
} Save;

/* Streams the document into the temporary file lab_file_replace() opened. */
static gboolean
write_document_cb (int        fd,
                   gpointer   user_data,
                   GError   **error)
{
  Save *save = user_data;
  Writer w = { NULL, fd, 0, TRUE };

  w.out = g_string_sized_new (FLUSH_BYTES + 4096);
  write_document (save->comparison, &w);
  g_string_free (w.out, TRUE);
  return w.errsv == 0 || lab_file_set_write_error (error, w.errsv, save->path);
}

/**
 * lab_trace_json_save:
 * @comparison: a comparison
 * @path: the file to write
 * @error: a #GIOErrorEnum where writing failed
 *
 * Streams the JSON into @path through lab_file_replace(), so that @path
 * is never half written and the whole text is never held in memory.
 *
 * Returns: %TRUE on success
 */
gboolean
lab_trace_json_save (LabComparison *comparison,
                     const char    *path,
                     GError       **error)
{
  Save save = { comparison, path };

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return lab_file_replace (path, write_document_cb, &save, error);
}

/**
 * lab_trace_json_load:
 * @path: a file written by lab_trace_json_save(), or another tool's trace
 *   in the Chrome Trace Event Format
 * @error: a #LabError naming the file and what is wrong in it
 *   (%LAB_ERROR_NOT_TRACE for JSON that is neither), or a #GFileError
 *   where it cannot be read
 *
 * Returns: (transfer full) (nullable): the comparison
 */
LabComparison *
lab_trace_json_load (const char  *path,
                     GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  LabComparison *comparison;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_path_get_basename (path);
  /* A device never ends (/dev/zero) and a pipe blocks until written to:
   * reading either would exhaust memory or hang, so only files are read. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("%s: not a file (a folder, a device or a pipe)"), name);
      return NULL;
    }
  if (g_stat (path, &st) == 0 && (gint64) st.st_size > LAB_TRACE_JSON_MAX_BYTES)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("%s: the file is too large to be a saved comparison"), name);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;

  /* A file of ours names its format, "concurrency-lab"; one that does not
   * is read as another tool's at once, not parsed twice (a browser's
   * trace may be a hundred megabytes). */
  if (memmem (data, length, LAB_TRACE_JSON_FORMAT, strlen (LAB_TRACE_JSON_FORMAT)) != NULL)
    comparison = lab_trace_json_from_string (data, (gssize) length, &local_error);
  else
    {
      comparison = NULL;
      g_set_error_literal (&local_error, LAB_ERROR, LAB_ERROR_NOT_TRACE, "");
    }
  if (comparison == NULL && g_error_matches (local_error, LAB_ERROR, LAB_ERROR_NOT_TRACE))
    {
      g_autoptr(GError) chrome_error = NULL;

      /* JSON of another program: perhaps a trace another tool wrote. */
      comparison = lab_chrome_trace_from_json (data, (gssize) length, name, &chrome_error);
      g_clear_error (&local_error);
      if (comparison == NULL && g_error_matches (chrome_error, LAB_ERROR, LAB_ERROR_NOT_TRACE))
        g_set_error (&local_error, LAB_ERROR, LAB_ERROR_NOT_TRACE,
                     _("not a Concurrency Lab trace, nor another tool's trace in the Chrome "
                       "Trace Event Format (%s)"), chrome_error->message);
      else if (comparison == NULL)
        g_set_error (&local_error, LAB_ERROR, LAB_ERROR_INVALID,
                     _("another tool's trace that cannot be drawn: %s"), chrome_error->message);
    }
  if (comparison == NULL)
    {
      g_prefix_error (&local_error, "%s: ", name);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return comparison;
}
