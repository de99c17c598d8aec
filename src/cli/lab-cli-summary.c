/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab-cli-private.h"
#include "lab-analysis.h"
#include "lab-duration.h"
#include "lab-stats.h"
#include "lab-verdict.h"

/* The summary of a comparison: JSON for scripts (the interface of the
 * headless commands, field names fixed) and an aligned table for people.
 * Every figure comes from lab_trace_compute_stats() and
 * lab_trace_compute_task_stats(), the numbers the chart shows. */

#define NS_TO_S(ns) ((double) (ns) / 1e9)

/* A model that could not run has an elapsed time of microseconds: a
 * speedup from it (or against it, for sequential) would be a false claim,
 * so there is none. */
static void
compute_stats (LabTrace      *trace,
               LabTrace      *sequential,
               LabTraceStats *stats)
{
  if (sequential != NULL && lab_trace_get_error (sequential) != NULL)
    sequential = NULL;
  lab_trace_compute_stats (trace, sequential, stats);
  if (lab_trace_get_error (trace) != NULL)
    stats->speedup = stats->efficiency = NAN;
}

static void
add_seconds_or_null (JsonBuilder *builder,
                     const char  *name,
                     gint64       ns)
{
  json_builder_set_member_name (builder, name);
  if (ns < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, NS_TO_S (ns));
}

static void
add_double_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Who an observed task is: its name, kind, thread and process. */
static void
add_task_identity (JsonBuilder *builder,
                   LabObserved *roster,
                   guint32      task)
{
  LabObservedTask t;
  LabObservedProcess p;

  if (!lab_observed_copy_task (roster, task, &t))
    return;
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, t.name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, lab_observed_kind_to_string (t.kind));
  json_builder_set_member_name (builder, "tid");
  json_builder_add_int_value (builder, t.tid);
  if (lab_observed_copy_process (roster, t.process, &p))
    {
      json_builder_set_member_name (builder, "pid");
      json_builder_add_int_value (builder, p.pid);
      lab_observed_process_clear (&p);
    }
  lab_observed_task_clear (&t);
}

static void
add_task (JsonBuilder        *builder,
          LabTrace           *trace,
          const LabTaskStats *task)
{
  const char *reason = lab_trace_task_get_reason (trace, task->task);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, task->task);
  if (lab_trace_get_observed (trace) != NULL)
    add_task_identity (builder, lab_trace_get_observed (trace), task->task);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, lab_task_status_to_string (task->status));
  if (task->status == LAB_TASK_STATUS_FAILED)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason != NULL ? reason : "");
    }
  add_seconds_or_null (builder, "begin_s", task->begin_ns);
  add_seconds_or_null (builder, "end_s", task->end_ns);

  json_builder_set_member_name (builder, "states_s");
  json_builder_begin_object (builder);
  for (guint s = 0; s < LAB_N_STATES; s++)
    {
      json_builder_set_member_name (builder, lab_state_to_string (s));
      json_builder_add_double_value (builder, NS_TO_S (task->state_ns[s]));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* With a prediction: "predicted_s", and "verdict" (the translated line,
 * null while nothing can be judged) with "verdict_reason" (a stable id). */
static void
add_prediction (JsonBuilder *builder,
                LabTrace    *trace,
                gint64       predicted_ns)
{
  LabVerdict verdict;

  if (predicted_ns <= 0)
    return;
  add_seconds_or_null (builder, "predicted_s", predicted_ns);
  json_builder_set_member_name (builder, "verdict");
  if (lab_verdict_judge (trace, predicted_ns, &verdict))
    {
      g_autofree char *line = lab_verdict_to_string (&verdict);

      json_builder_add_string_value (builder, line);
      json_builder_set_member_name (builder, "verdict_reason");
      json_builder_add_string_value (builder, lab_verdict_reason_to_string (verdict.reason));
    }
  else
    json_builder_add_null_value (builder);
}

/* The strips' figures: the measured serial fraction and Amdahl's limit of
 * every model; how often the GIL changed hands and was asked for; the
 * event loop's worst lag and the callbacks that blocked it. */
static void
add_strips (JsonBuilder *builder,
            LabTrace    *trace)
{
  LabTraceAnalysis analysis;

  lab_analysis_compute (trace, &analysis);
  add_double_or_null (builder, "serial_fraction", analysis.serial_fraction);
  add_double_or_null (builder, "amdahl_limit", analysis.amdahl_limit);
  if (lab_trace_has_lock (trace))
    {
      g_autoptr(GArray) holds = lab_trace_copy_lock_holds (trace);
      g_autoptr(GArray) requests = lab_trace_copy_lock_requests (trace);
      guint switches = 0;

      for (guint i = 1; i < holds->len; i++)
        switches += g_array_index (holds, LabLockHold, i).worker
                    != g_array_index (holds, LabLockHold, i - 1).worker;
      json_builder_set_member_name (builder, "gil_switches");
      json_builder_add_int_value (builder, switches);
      json_builder_set_member_name (builder, "gil_drop_requests");
      json_builder_add_int_value (builder, requests->len);
    }
  if (lab_trace_has_loop_health (trace))
    {
      g_autoptr(GArray) samples = lab_trace_copy_loop_samples (trace);
      g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (trace);
      gint64 max_lag = 0;

      for (guint i = 0; i < samples->len; i++)
        max_lag = MAX (max_lag, g_array_index (samples, LabLoopSample, i).lag_ns);
      add_seconds_or_null (builder, "max_loop_lag_s", max_lag);
      json_builder_set_member_name (builder, "loop_blocks");
      json_builder_add_int_value (builder, blocks->len);
    }
}

/* A traced program: its processes, and how it was sampled. */
static void
add_observed (JsonBuilder *builder,
              LabTrace    *trace)
{
  LabObserved *roster = lab_trace_get_observed (trace);
  g_autofree char *title = lab_observed_dup_title (roster);
  gint64 origin = lab_trace_get_begin_ns (trace);
  LabSamplingNote note;

  json_builder_set_member_name (builder, "command");
  if (title != NULL)
    json_builder_add_string_value (builder, title);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "processes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lab_observed_get_n_processes (roster); i++)
    {
      LabObservedProcess p;

      if (!lab_observed_copy_process (roster, i, &p))
        break;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pid");
      json_builder_add_int_value (builder, p.pid);
      json_builder_set_member_name (builder, "parent");
      json_builder_add_int_value (builder, p.parent);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, p.name);
      json_builder_set_member_name (builder, "command");
      json_builder_add_string_value (builder, p.command);
      add_seconds_or_null (builder, "begin_s", p.begin_ns - origin);
      add_seconds_or_null (builder, "end_s", p.end_ns > 0 ? p.end_ns - origin : -1);
      json_builder_set_member_name (builder, "exit_status");
      if (p.exit_status == -1)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, p.exit_status);
      json_builder_end_object (builder);
      lab_observed_process_clear (&p);
    }
  json_builder_end_array (builder);

  lab_observed_get_sampling (roster, &note);
  if (note.rate_hz == 0)
    return;
  json_builder_set_member_name (builder, "sampling");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rate_hz");
  json_builder_add_int_value (builder, note.rate_hz);
  add_seconds_or_null (builder, "median_interval_s", note.median_interval_ns);
  add_seconds_or_null (builder, "max_interval_s", note.max_interval_ns);
  add_seconds_or_null (builder, "sampler_cpu_s", note.sampler_cpu_ns);
  json_builder_set_member_name (builder, "reads");
  json_builder_add_int_value (builder, (gint64) MIN (note.reads, (guint64) G_MAXINT64));
  add_seconds_or_null (builder, "kernel_cpu_s", note.kernel_cpu_ns > 0 ? note.kernel_cpu_ns : -1);
  add_seconds_or_null (builder, "unseen_cpu_s", note.unseen_cpu_ns);
  json_builder_end_object (builder);
}

static void
add_model (JsonBuilder *builder,
           LabTrace    *trace,
           LabTrace    *sequential,
           gint64       predicted_ns)
{
  g_autoptr(GArray) tasks = lab_trace_compute_task_stats (trace);
  LabTraceStats stats;

  compute_stats (trace, sequential, &stats);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, lab_trace_get_model_id (trace));
  add_seconds_or_null (builder, "elapsed_s", stats.elapsed_ns);
  add_seconds_or_null (builder, "cpu_s", stats.cpu_ns);
  add_seconds_or_null (builder, "ideal_s", stats.ideal_ns);
  add_double_or_null (builder, "speedup", stats.speedup);
  add_double_or_null (builder, "efficiency", stats.efficiency);
  add_strips (builder, trace);
  add_prediction (builder, trace, predicted_ns);
  if (lab_trace_get_observed (trace) != NULL)
    add_observed (builder, trace);
  if (lab_trace_get_error (trace) != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, lab_trace_get_error (trace));
    }

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tasks->len; i++)
    add_task (builder, trace, &g_array_index (tasks, LabTaskStats, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Writing the tree. json_to_string() would do, but json-glib 1.6 writes a
 * double such as 2e-08 (20 ns) as "2e-08.0", which no parser, json-glib's
 * included, reads back. Numbers are written here in a valid form; strings
 * are still escaped by json-glib. */

static void
append_indent (GString *out,
               guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *e;

  g_ascii_dtostr (buf, sizeof buf, value);
  e = strpbrk (buf, "eE");
  if (strchr (buf, '.') != NULL)
    g_string_append (out, buf);
  else if (e != NULL)
    g_string_append_printf (out, "%.*s.0%s", (int) (e - buf), buf, e);
  else
    g_string_append_printf (out, "%s.0", buf);
}

static void append_node (GString  *out,
                         JsonNode *node,
                         guint     depth);

static void
append_object (GString    *out,
               JsonObject *object,
               guint       depth)
{
  g_autoptr(GList) members = json_object_get_members (object);  /* in insertion order */

  g_string_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (), l->data);
      g_autofree char *quoted = json_to_string (name, FALSE);

      append_indent (out, depth + 1);
      g_string_append_printf (out, "%s : ", quoted);
      append_node (out, json_object_get_member (object, l->data), depth + 1);
      if (l->next != NULL)
        g_string_append_c (out, ',');
    }
  if (members != NULL)
    append_indent (out, depth);
  g_string_append_c (out, '}');
}

static void
append_array (GString   *out,
              JsonArray *array,
              guint      depth)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      append_indent (out, depth + 1);
      append_node (out, json_array_get_element (array, i), depth + 1);
      if (i + 1 < n)
        g_string_append_c (out, ',');
    }
  if (n > 0)
    append_indent (out, depth);
  g_string_append_c (out, ']');
}

static void
append_node (GString  *out,
             JsonNode *node,
             guint     depth)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node), depth);
      break;
    case JSON_NODE_ARRAY:
      append_array (out, json_node_get_array (node), depth);
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        append_double (out, json_node_get_double (node));
      else
        {
          g_autofree char *text = json_to_string (node, FALSE);

          g_string_append (out, text);
        }
      break;
    }
}

/**
 * _lab_cli_summary_json:
 *
 * Returns: (transfer full): one JSON object: version, cores, workload (the
 *   text form) and the models with their figures and tasks
 */
char *
_lab_cli_summary_json (LabComparison *comparison)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LabTrace) sequential = lab_comparison_find_trace (comparison, "sequential");
  LabWorkload *shared = lab_comparison_get_workload (comparison);
  g_autofree char *workload = shared != NULL ? lab_workload_to_string (shared) : NULL;
  const char *version = lab_comparison_get_version (comparison);
  guint n = lab_comparison_get_n_traces (comparison);
  GString *out;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, version != NULL ? version : PACKAGE_VERSION);
  json_builder_set_member_name (builder, "cores");
  json_builder_add_int_value (builder, lab_comparison_get_n_cores (comparison));
  json_builder_set_member_name (builder, "core_limit");
  json_builder_add_int_value (builder, lab_comparison_get_core_limit (comparison));
  /* null for a traced program, which ran no workload of ours */
  json_builder_set_member_name (builder, "workload");
  if (workload != NULL)
    json_builder_add_string_value (builder, workload);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_get_trace (comparison, i);

      add_model (builder, trace, sequential,
                 lab_comparison_get_prediction (comparison, lab_trace_get_model_id (trace)));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  out = g_string_new (NULL);
  append_node (out, root, 0);
  return g_string_free (out, FALSE);
}

/* The table */

enum { COL_MODEL, COL_ELAPSED, COL_CPU, COL_IDEAL, COL_SPEEDUP, COL_EFFICIENCY,
       COL_DONE, COL_FAILED, N_COLS };

static char **
table_row (LabTrace *trace,
           LabTrace *sequential)
{
  LabTraceStats stats;
  char **row = g_new0 (char *, N_COLS + 1);

  compute_stats (trace, sequential, &stats);
  row[COL_MODEL] = g_strdup (lab_trace_get_model_id (trace));
  row[COL_ELAPSED] = lab_duration_format (stats.elapsed_ns);
  row[COL_CPU] = lab_duration_format (stats.cpu_ns);
  row[COL_IDEAL] = lab_duration_format (stats.ideal_ns);
  /* TRANSLATORS: a speedup such as "1.99×" */
  row[COL_SPEEDUP] = isfinite (stats.speedup) ? g_strdup_printf (_("%.2f×"), stats.speedup)
                                              : g_strdup ("–");
  /* TRANSLATORS: an efficiency such as "99 %" */
  row[COL_EFFICIENCY] = isfinite (stats.efficiency)
                          ? g_strdup_printf (_("%.0f %%"), stats.efficiency * 100.0)
                          : g_strdup ("–");
  row[COL_DONE] = g_strdup_printf ("%u", stats.n_done);
  row[COL_FAILED] = g_strdup_printf ("%u", stats.n_failed + stats.n_cancelled);
  return row;
}

static void
append_cell (GString    *out,
             const char *text,
             guint       width,
             gboolean    left)
{
  glong len = g_utf8_strlen (text, -1);

  if (!left)
    for (glong i = len; i < (glong) width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (left)
    for (glong i = len; i < (glong) width; i++)
      g_string_append_c (out, ' ');
}

/* Rows of @n_cols cells, aligned: the first column left, the rest right. */
static void
append_rows (GString   *out,
             GPtrArray *rows,
             guint      n_cols)
{
  g_autofree guint *widths = g_new0 (guint, n_cols);

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_cols; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_cols; c++)
        {
          if (c > 0)
            g_string_append (out, "  ");
          append_cell (out, row[c], widths[c], c == 0);
        }
      g_string_append_c (out, '\n');
    }
}

static void
append_table (GString   *out,
              GPtrArray *rows)
{
  append_rows (out, rows, N_COLS);
}

static char **
table_header (void)
{
  char **row = g_new0 (char *, N_COLS + 1);

  /* TRANSLATORS: column headings of the summary table of `concurrency-lab run` */
  row[COL_MODEL] = g_strdup (_("Model"));
  row[COL_ELAPSED] = g_strdup (_("Elapsed"));
  row[COL_CPU] = g_strdup (_("CPU"));
  row[COL_IDEAL] = g_strdup (_("Ideal"));
  row[COL_SPEEDUP] = g_strdup (_("Speedup"));
  row[COL_EFFICIENCY] = g_strdup (_("Efficiency"));
  row[COL_DONE] = g_strdup (_("Done"));
  row[COL_FAILED] = g_strdup (_("Failed"));
  return row;
}

/* How a traced program was read, in words: what resolution its lanes
 * have, what the reading cost, and what no lane shows. */
static void
append_sampling (GString  *out,
                 LabTrace *trace)
{
  gint64 span = lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace);
  LabSamplingNote note;

  lab_observed_get_sampling (lab_trace_get_observed (trace), &note);
  if (note.rate_hz == 0 || span <= 0)
    return;
  if (note.median_interval_ns > 0)
    {
      g_autofree char *interval = lab_duration_format (note.median_interval_ns);

      /* TRANSLATORS: a duration, the rate asked for in readings a second,
       * and the share of one core the reading took */
      g_string_append_printf (out, _("Threads at work read every %s (%u a second asked); the "
                                     "reading took %.1f %% of a core.\n"),
                              interval, note.rate_hz,
                              100.0 * (double) note.sampler_cpu_ns / (double) span);
    }
  if (note.unseen_cpu_ns > 0 && note.kernel_cpu_ns > 0)
    {
      g_autofree char *unseen = lab_duration_format (note.unseen_cpu_ns);

      /* TRANSLATORS: a duration and its share of the program's CPU time */
      g_string_append_printf (out, _("%s of CPU time (%.1f %%) is on no lane: what threads did "
                                     "after their last reading, and processes too short to be "
                                     "seen.\n"),
                              unseen, 100.0 * (double) note.unseen_cpu_ns / (double) note.kernel_cpu_ns);
    }
}

/* A traced program: what ran, for how long, and each thread's time in
 * each state, grouped by process. */
static char *
observed_summary_text (LabComparison *comparison)
{
  g_autoptr(LabTrace) trace = lab_comparison_get_trace (comparison, 0);
  g_autoptr(GArray) tasks = lab_trace_compute_task_stats (trace);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  LabObserved *roster = lab_trace_get_observed (trace);
  g_autofree char *title = lab_observed_dup_title (roster);
  g_autofree char *elapsed = lab_duration_format (lab_trace_get_end_ns (trace)
                                                  - lab_trace_get_begin_ns (trace));
  const LabState shown[] = { LAB_STATE_RUNNING, LAB_STATE_READY, LAB_STATE_WAITING_LOCK,
                             LAB_STATE_WAITING_IO };
  GString *out = g_string_new (NULL);
  char **header = g_new0 (char *, G_N_ELEMENTS (shown) + 2);

  /* TRANSLATORS: the command traced, how long it ran, the machine's cores */
  g_string_append_printf (out, _("%s: %s on %u cores\n"), title != NULL ? title : "",
                          elapsed, lab_comparison_get_n_cores (comparison));
  header[0] = g_strdup (_("Thread"));
  for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
    header[s + 1] = g_strdup (lab_state_get_observed_label (shown[s]));
  g_ptr_array_add (rows, header);
  for (guint i = 0; i < tasks->len; i++)
    {
      const LabTaskStats *t = &g_array_index (tasks, LabTaskStats, i);
      char **row = g_new0 (char *, G_N_ELEMENTS (shown) + 2);

      row[0] = lab_observed_dup_task_label (roster, t->task);
      for (guint s = 0; s < G_N_ELEMENTS (shown); s++)
        row[s + 1] = lab_duration_format (t->state_ns[shown[s]]);
      g_ptr_array_add (rows, row);
    }
  append_rows (out, rows, G_N_ELEMENTS (shown) + 1);
  append_sampling (out, trace);
  {
    g_autofree char *note = lab_observed_dup_note (roster);

    if (note != NULL)
      g_string_append_printf (out, "%s\n", note);
  }
  return g_string_free (out, FALSE);
}

/**
 * _lab_cli_summary_text:
 *
 * Returns: (transfer full): the workload line, a table of the models and
 *   the errors of the models that could not run
 */
char *
_lab_cli_summary_text (LabComparison *comparison)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(LabTrace) sequential = lab_comparison_find_trace (comparison, "sequential");
  LabWorkload *shared = lab_comparison_get_workload (comparison);
  g_autofree char *workload = shared != NULL ? lab_workload_describe (shared) : NULL;
  guint n = lab_comparison_get_n_traces (comparison);
  guint n_cores = lab_comparison_get_n_cores (comparison);
  GString *out = g_string_new (NULL);

  if (workload == NULL)
    return observed_summary_text (comparison);

  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s on %u core\n", "%s on %u cores\n",
                                            n_cores),
                          workload, n_cores);
  if (lab_comparison_get_core_limit (comparison) > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                              "What if: confined to %u core\n",
                                              "What if: confined to %u cores\n",
                                              lab_comparison_get_core_limit (comparison)),
                            lab_comparison_get_core_limit (comparison));
  g_ptr_array_add (rows, table_header ());
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_get_trace (comparison, i);

      g_ptr_array_add (rows, table_row (trace, sequential));
    }
  append_table (out, rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_get_trace (comparison, i);
      const char *id = lab_trace_get_model_id (trace);
      g_autofree char *verdict = lab_verdict_describe (trace,
                                                       lab_comparison_get_prediction (comparison, id));

      if (verdict != NULL)
        /* TRANSLATORS: a model id, then the verdict on the prediction for it */
        g_string_append_printf (out, _("%s: %s\n"), id, verdict);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_get_trace (comparison, i);

      if (lab_trace_get_error (trace) != NULL)
        /* TRANSLATORS: a model id, then why it could not run */
        g_string_append_printf (out, _("%s failed: %s\n"), lab_trace_get_model_id (trace),
                                lab_trace_get_error (trace));
    }
  return g_string_free (out, FALSE);
}

void
_lab_cli_print_summary (LabComparison *comparison,
                        LabCliSummary  summary)
{
  g_autofree char *text = NULL;

  switch (summary)
    {
    case LAB_CLI_SUMMARY_JSON:
      /* JSON is UTF-8 whatever the locale: written as is, not through
       * g_print(), which would convert it to the locale's charset. */
      text = _lab_cli_summary_json (comparison);
      fputs (text, stdout);
      fputc ('\n', stdout);
      fflush (stdout);
      break;
    case LAB_CLI_SUMMARY_TEXT:
      text = _lab_cli_summary_text (comparison);
      g_print ("%s", text);
      break;
    case LAB_CLI_SUMMARY_NONE:
    default:
      break;
    }
}
