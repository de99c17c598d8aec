/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lab-cli-private.h"
#include "lab-duration.h"
#include "lab-figures.h"
#include "lab-run-entry.h"
#include "lab-stats.h"
#include "lab-verdict.h"

/* The summary of a comparison: JSON for scripts (the interface of the
 * headless commands: keys are only ever added; docs/FIGURES.md says where
 * a key's meaning changed) and an aligned table for people. Every figure
 * comes from lab-figures.h, the figures the chart shows. */

#define NS_TO_S(ns) ((double) (ns) / 1e9)

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
add_bytes_or_null (JsonBuilder *builder,
                   const char  *name,
                   gint64       bytes)
{
  json_builder_set_member_name (builder, name);
  if (bytes == LAB_MEMORY_NOT_MEASURED)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, bytes);
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

/* The strips' figures: how often the GIL changed hands and was asked for;
 * the event loop's worst lag and the callbacks that blocked it. */
static void
add_strips (JsonBuilder *builder,
            LabTrace    *trace)
{
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
  g_autoptr(GArray) rss = lab_observed_dup_counter_peaks (roster, LAB_OBSERVED_COUNTER_RSS);
  g_autoptr(GArray) pss = lab_observed_dup_counter_peaks (roster, LAB_OBSERVED_COUNTER_PSS);
  gint64 origin = lab_trace_get_begin_ns (trace);
  LabSamplingNote note;

  json_builder_set_member_name (builder, "command");
  if (title != NULL)
    json_builder_add_string_value (builder, title);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "processes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rss->len; i++)
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
      add_bytes_or_null (builder, "peak_rss_bytes", g_array_index (rss, gint64, i));
      add_bytes_or_null (builder, "peak_pss_bytes", g_array_index (pss, gint64, i));
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
  add_seconds_or_null (builder, "memory_cpu_s", note.memory_cpu_ns > 0 ? note.memory_cpu_ns : -1);
  json_builder_end_object (builder);
}

/* The measured work, the plan's CPU work and how far the calibrated work
 * strayed from it. */
static void
add_work (JsonBuilder      *builder,
          const LabFigures *f)
{
  json_builder_set_member_name (builder, "work_s");
  json_builder_begin_object (builder);
  add_seconds_or_null (builder, "cpu", f->state == LAB_RUN_STATE_RUNNING ? -1 : f->work_cpu_ns);
  add_seconds_or_null (builder, "wait", f->state == LAB_RUN_STATE_RUNNING ? -1 : f->work_wait_ns);
  json_builder_end_object (builder);
  add_seconds_or_null (builder, "planned_cpu_s", f->planned_cpu_ns);
  add_seconds_or_null (builder, "cpu_running_s", f->state == LAB_RUN_STATE_RUNNING ? -1
                                                                                   : f->running_ns);
  add_double_or_null (builder, "calibration_drift", f->calibration_drift);
}

/* "lateness_s": for a workload that waits and a complete run. */
static void
add_lateness (JsonBuilder      *builder,
              const LabFigures *f)
{
  json_builder_set_member_name (builder, "lateness_s");
  if (!f->analysis.has_waits || f->state != LAB_RUN_STATE_COMPLETE || f->lateness.n_tasks == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_seconds_or_null (builder, "median", f->lateness.median_ns);
  add_seconds_or_null (builder, "p99", f->lateness.p99_ns);
  add_seconds_or_null (builder, "max", f->lateness.max_ns);
  json_builder_set_member_name (builder, "tasks");
  json_builder_add_int_value (builder, f->lateness.n_tasks);
  json_builder_end_object (builder);
}

/* "memory": what the model held, from its samples; null for a trace with
 * none (a run from before memory was sampled), and "measured": false with
 * null figures where no sample could be read whole. */
static void
add_memory (JsonBuilder      *builder,
            const LabFigures *f)
{
  const LabMemoryFigures *m = &f->memory;

  json_builder_set_member_name (builder, "memory");
  if (m->n_samples == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "measured");
  json_builder_add_boolean_value (builder, m->measured);
  json_builder_set_member_name (builder, "source");
  if (m->measured)
    json_builder_add_string_value (builder, lab_memory_source_to_string (m->source));
  else
    json_builder_add_null_value (builder);
  add_bytes_or_null (builder, "baseline_rss_bytes", m->baseline_rss_bytes);
  add_bytes_or_null (builder, "peak_rss_bytes", m->peak_rss_bytes);
  add_bytes_or_null (builder, "peak_pss_bytes", m->peak_pss_bytes);
  add_bytes_or_null (builder, "per_task_bytes", m->per_task_bytes);
  json_builder_set_member_name (builder, "tasks_in_flight");
  json_builder_add_int_value (builder, m->tasks_in_flight);
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, m->max_workers);
  add_bytes_or_null (builder, "per_worker_rss_bytes", m->per_worker_rss_bytes);
  add_bytes_or_null (builder, "per_worker_pss_bytes", m->per_worker_pss_bytes);
  json_builder_set_member_name (builder, "samples");
  json_builder_add_int_value (builder, m->n_samples);
  json_builder_set_member_name (builder, "gaps");
  json_builder_add_int_value (builder, m->n_gaps);
  json_builder_end_object (builder);
}

/* The figures the chart shows for the model, with their words. */
static void
add_figures (JsonBuilder      *builder,
             const LabFigures *f)
{
  json_builder_set_member_name (builder, "figures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < f->shown->len; i++)
    {
      const LabFigure *figure = g_ptr_array_index (f->shown, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, lab_figure_id_to_string (figure->id));
      add_double_or_null (builder, "value", figure->value);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, figure->cell);
      json_builder_set_member_name (builder, "explanation");
      json_builder_add_string_value (builder, figure->explanation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_model (JsonBuilder   *builder,
           LabComparison *comparison,
           guint          index)
{
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, index);
  g_autoptr(GArray) tasks = lab_trace_compute_task_stats (trace);
  g_autoptr(LabFigures) f = lab_figures_new (comparison, trace);
  g_autofree char *name = lab_run_entry_dup_name (comparison, index);
  gint64 predicted = lab_comparison_get_prediction (comparison, lab_trace_get_model_id (trace));
  LabTraceStats stats;

  lab_trace_compute_stats (trace, &stats);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, lab_trace_get_model_id (trace));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, lab_trace_get_n_workers (trace));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, lab_run_state_to_string (f->state));
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, f->state == LAB_RUN_STATE_COMPLETE);
  add_seconds_or_null (builder, "elapsed_s", f->elapsed_ns);
  add_seconds_or_null (builder, "cpu_s", stats.cpu_ns);
  add_seconds_or_null (builder, "ideal_s", f->ideal_ns);
  add_double_or_null (builder, "speedup", f->speedup);
  add_double_or_null (builder, "efficiency", f->efficiency);
  add_double_or_null (builder, "serial_fraction",
                      f->state == LAB_RUN_STATE_COMPLETE ? f->analysis.serial_fraction : NAN);
  add_double_or_null (builder, "amdahl_limit",
                      f->state == LAB_RUN_STATE_COMPLETE ? f->analysis.amdahl_limit : NAN);
  add_double_or_null (builder, "waits_at_once", f->overlap);
  add_double_or_null (builder, "stretch", f->stretch);
  add_work (builder, f);
  add_lateness (builder, f);
  add_memory (builder, f);
  add_figures (builder, f);
  add_strips (builder, trace);
  add_prediction (builder, trace, predicted);
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

/* The models a stopped run never started. */
static void
add_not_run (JsonBuilder   *builder,
             LabComparison *comparison)
{
  guint first = lab_comparison_get_n_traces (comparison);
  guint n = lab_comparison_get_n_not_run (comparison);

  json_builder_set_member_name (builder, "not_run");
  json_builder_begin_array (builder);
  for (guint i = first; i < first + n; i++)
    {
      guint workers = 0;
      const char *id = lab_comparison_get_planned (comparison, i, &workers);
      g_autofree char *name = lab_run_entry_dup_name (comparison, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "workers");
      json_builder_add_int_value (builder, workers);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
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
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, lab_comparison_is_complete (comparison));
  json_builder_set_member_name (builder, "stopped");
  json_builder_add_boolean_value (builder, lab_comparison_was_stopped (comparison));
  add_seconds_or_null (builder, "ideal_s", lab_figures_comparison_ideal_ns (comparison));

  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    add_model (builder, comparison, i);
  json_builder_end_array (builder);
  add_not_run (builder, comparison);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  out = g_string_new (NULL);
  append_node (out, root, 0);
  return g_string_free (out, FALSE);
}

/* The table: the model, the figures that apply to any of its rows (a
 * dash where one does not apply to a row), then the CPU time, the ideal
 * and the tasks. */

/* The figure columns, in the order of #LabFigureId; elapsed and failed
 * tasks have columns of their own. */
static gboolean
is_figure_column (LabFigureId id)
{
  return id != LAB_FIGURE_ELAPSED && id != LAB_FIGURE_FAILED;
}

typedef struct
{
  GPtrArray *rows;       /* of GStrv, the heading first */
  gboolean   used[LAB_N_FIGURES];
} Table;

static GStrv
table_heading (const Table *t)
{
  g_autoptr(GStrvBuilder) row = g_strv_builder_new ();

  /* TRANSLATORS: column headings of the summary table of `concurrency-lab run` */
  g_strv_builder_add (row, _("Model"));
  g_strv_builder_add (row, _("Elapsed"));
  for (guint id = 0; id < LAB_N_FIGURES; id++)
    if (t->used[id])
      g_strv_builder_add (row, lab_figure_get_label (id));
  g_strv_builder_add (row, _("CPU"));
  g_strv_builder_add (row, _("Ideal"));
  g_strv_builder_add (row, _("Done"));
  g_strv_builder_add (row, _("Failed"));
  return g_strv_builder_end (row);
}

static GStrv
table_row (const Table      *t,
           const char       *name,
           const LabFigures *f)
{
  g_autoptr(GStrvBuilder) row = g_strv_builder_new ();
  g_autofree char *ideal = NULL;
  g_autofree char *cpu = NULL;
  g_autofree char *done = NULL;
  g_autofree char *failed = NULL;
  LabTraceStats stats;

  lab_trace_compute_stats (f->trace, &stats);
  g_strv_builder_add (row, name);
  g_strv_builder_add (row, lab_figures_find (f, LAB_FIGURE_ELAPSED)->cell);
  for (guint id = 0; id < LAB_N_FIGURES; id++)
    if (t->used[id])
      {
        const LabFigure *figure = lab_figures_find (f, id);

        g_strv_builder_add (row, figure != NULL ? figure->cell : "–");
      }
  /* Waiting costs no CPU: "0 s" rather than "0 ns". */
  cpu = stats.cpu_ns == 0 ? g_strdup ("0 s") : lab_duration_format (stats.cpu_ns);
  ideal = f->ideal_ns >= 0 ? lab_duration_format (f->ideal_ns) : g_strdup ("–");
  g_strv_builder_add (row, cpu);
  g_strv_builder_add (row, ideal);
  done = g_strdup_printf ("%u", stats.n_done);
  /* Tasks a stop cut short are not done, and did not fail either. */
  failed = g_strdup_printf ("%u", stats.n_failed);
  g_strv_builder_add (row, done);
  g_strv_builder_add (row, failed);
  return g_strv_builder_end (row);
}

/* A row's model as --models names it: its id, with its workers where the
 * plan runs the model more than once ("threads:tasks", "threads:2"). */
static char *
entry_label (LabComparison *comparison,
             guint          index)
{
  guint n = lab_comparison_get_n_planned (comparison);
  guint workers = 0;
  const char *id = lab_comparison_get_planned (comparison, index, &workers);
  gboolean repeated = FALSE;

  for (guint i = 0; i < n && !repeated; i++)
    repeated = i != index && g_strcmp0 (lab_comparison_get_planned (comparison, i, NULL), id) == 0;
  if (!repeated)
    return g_strdup (id);
  return workers == 0 ? g_strdup_printf ("%s:tasks", id) : g_strdup_printf ("%s:%u", id, workers);
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

/* Rows of cells, aligned: the first column left, the rest right; the
 * first row has every column. */
static void
append_table (GString   *out,
              GPtrArray *rows)
{
  guint n_cols = g_strv_length (g_ptr_array_index (rows, 0));
  g_autofree guint *widths = g_new0 (guint, n_cols);

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_cols && row[c] != NULL; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      GString *line = g_string_new (NULL);

      for (guint c = 0; c < n_cols && row[c] != NULL; c++)
        {
          if (c > 0)
            g_string_append (line, "  ");
          append_cell (line, row[c], widths[c], c == 0);
        }
      /* A row of a model not run ends early: no trailing blanks. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_string_append_printf (out, "%s\n", line->str);
      g_string_free (line, TRUE);
    }
}

/* "Calibration: measured CPU work −2 % to +4 % against the plan of 4.00 s". */
static void
append_drift (GString   *out,
              GPtrArray *figures)
{
  double lo = INFINITY, hi = -INFINITY;
  gint64 planned = 0;

  for (guint i = 0; i < figures->len; i++)
    {
      const LabFigures *f = g_ptr_array_index (figures, i);

      if (f->state != LAB_RUN_STATE_COMPLETE || !isfinite (f->calibration_drift))
        continue;
      lo = MIN (lo, f->calibration_drift);
      hi = MAX (hi, f->calibration_drift);
      planned = f->planned_cpu_ns;
    }
  if (!isfinite (lo))
    return;
  {
    g_autofree char *plan = lab_duration_format (planned);

    if (fabs (hi - lo) < 0.005)
      /* TRANSLATORS: how far the calibrated CPU work strayed from the plan, e.g. "+3 %" */
      g_string_append_printf (out, _("Calibration drift: the tasks computed %+.0f %% against "
                                     "the %s of CPU work planned\n"), lo * 100.0, plan);
    else
      g_string_append_printf (out, _("Calibration drift: the tasks computed %+.0f %% to %+.0f %% "
                                     "against the %s of CPU work planned\n"),
                              lo * 100.0, hi * 100.0, plan);
  }
}

/* A lesson measured while other programs held the cores says so, as its
 * slide does. */
static void
append_shared_cores (GString       *out,
                     LabComparison *comparison)
{
  g_autofree char *lesson = lab_comparison_dup_lesson (comparison);
  g_autofree char *note = NULL;

  if (lesson == NULL)
    return;
  note = lab_preset_dup_shared_cores_note (comparison);
  if (note != NULL)
    g_string_append_printf (out, "%s\n", note);
}

/* Which file memory was read from, where it is not smaps_rollup. */
static void
append_memory_source (GString   *out,
                      GPtrArray *figures)
{
  LabMemorySource worst = LAB_MEMORY_SOURCE_NONE;

  for (guint i = 0; i < figures->len; i++)
    {
      const LabFigures *f = g_ptr_array_index (figures, i);

      if (f->memory.measured)
        worst = MAX (worst, f->memory.source);
    }
  if (worst == LAB_MEMORY_SOURCE_SMAPS)
    g_string_append (out, _("Memory: read from /proc/PID/smaps, as this kernel has no "
                            "smaps_rollup\n"));
  else if (worst == LAB_MEMORY_SOURCE_STATM)
    g_string_append (out, _("Memory: read from /proc/PID/statm, as this kernel has no smaps: "
                            "resident memory only, no PSS\n"));
}

static void
append_stopped (GString       *out,
                LabComparison *comparison)
{
  guint first = lab_comparison_get_n_traces (comparison);
  guint n = lab_comparison_get_n_not_run (comparison);

  if (!lab_comparison_was_stopped (comparison))
    return;
  g_string_append (out, _("Stopped: the figures of a stopped model are of a part of the work "
                          "and compare with nothing\n"));
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *name = entry_label (comparison, i);

      /* TRANSLATORS: a model the stopped run never started */
      g_string_append_printf (out, _("%s: not run\n"), name);
    }
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
      if (note.memory_cpu_ns > 0)
        /* TRANSLATORS: the share of one core measuring the processes' memory took */
        g_string_append_printf (out, _("Measuring its memory took %.2f %% of a core more.\n"),
                                100.0 * (double) note.memory_cpu_ns / (double) span);
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

/* What a traced program held: all its processes at once at their peak,
 * and the process that held the most. */
static void
append_observed_memory (GString  *out,
                        LabTrace *trace)
{
  LabObserved *roster = lab_trace_get_observed (trace);
  g_autofree char *rss = NULL;
  g_autofree char *pss = NULL;
  g_autoptr(GArray) peaks = NULL;
  LabMemoryFigures m;
  gint64 most = LAB_MEMORY_NOT_MEASURED;
  guint largest = 0;

  lab_memory_figures_init (&m);
  lab_memory_figures_compute (trace, &m);
  if (!m.measured)
    return;
  rss = g_format_size (m.peak_rss_bytes);
  if (m.peak_pss_bytes != LAB_MEMORY_NOT_MEASURED)
    {
      pss = g_format_size (m.peak_pss_bytes);
      /* TRANSLATORS: the most resident and proportional memory of all
       * the program's processes together */
      g_string_append_printf (out, _("Memory: %s resident, %s proportional at the peak, all its "
                                     "processes together\n"), rss, pss);
    }
  else
    g_string_append_printf (out, _("Memory: %s resident at the peak, all its processes "
                                   "together\n"), rss);
  peaks = lab_observed_dup_counter_peaks (roster, LAB_OBSERVED_COUNTER_RSS);
  for (guint i = 0; i < peaks->len; i++)
    if (g_array_index (peaks, gint64, i) > most)
      {
        most = g_array_index (peaks, gint64, i);
        largest = i;
      }
  if (most > 0 && peaks->len > 1)
    {
      g_autofree char *bytes = g_format_size (most);
      LabObservedProcess p;

      if (lab_observed_copy_process (roster, largest, &p))
        {
          /* TRANSLATORS: a process's name, its pid, its most resident memory */
          g_string_append_printf (out, _("The most of one process: %s %d, %s resident\n"),
                                  p.name, p.pid, bytes);
          lab_observed_process_clear (&p);
        }
    }
}

/* A traced program: what ran, for how long, and each thread's time in
 * each state, grouped by process. */
static char *
observed_summary_text (LabComparison *comparison)
{
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, 0);
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
  append_table (out, rows);
  append_observed_memory (out, trace);
  append_sampling (out, trace);
  {
    g_autofree char *note = lab_observed_dup_note (roster);

    if (note != NULL)
      g_string_append_printf (out, "%s\n", note);
  }
  return g_string_free (out, FALSE);
}

/* A run of our workload: the workload line, a table of the models, the
 * verdicts, the errors of the models that could not run, what a stopped
 * run left out, and the calibration drift. */
static char *
run_summary_text (LabComparison *comparison)
{
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func ((GDestroyNotify) lab_figures_free);
  g_autofree char *workload = lab_workload_describe (lab_comparison_get_workload (comparison));
  guint n = lab_comparison_get_n_traces (comparison);
  guint n_cores = lab_comparison_get_n_cores (comparison);
  Table t = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev), { FALSE } };
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s on %u core\n", "%s on %u cores\n",
                                            n_cores),
                          workload, n_cores);
  if (lab_comparison_get_core_limit (comparison) > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                              "What if: confined to %u core\n",
                                              "What if: confined to %u cores\n",
                                              lab_comparison_get_core_limit (comparison)),
                            lab_comparison_get_core_limit (comparison));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      LabFigures *f = lab_figures_new (comparison, trace);

      for (guint k = 0; k < f->shown->len; k++)
        {
          const LabFigure *figure = g_ptr_array_index (f->shown, k);

          t.used[figure->id] |= is_figure_column (figure->id);
        }
      g_ptr_array_add (figures, f);
    }
  g_ptr_array_add (t.rows, table_heading (&t));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = entry_label (comparison, i);

      g_ptr_array_add (t.rows, table_row (&t, name, g_ptr_array_index (figures, i)));
    }
  for (guint i = n; i < n + lab_comparison_get_n_not_run (comparison); i++)
    {
      g_autoptr(GStrvBuilder) row = g_strv_builder_new ();
      g_autofree char *name = entry_label (comparison, i);

      g_strv_builder_add (row, name);
      g_strv_builder_add (row, _("not run"));
      g_ptr_array_add (t.rows, g_strv_builder_end (row));
    }
  append_table (out, t.rows);
  g_ptr_array_unref (t.rows);

  for (guint i = 0; i < n; i++)
    {
      const LabFigures *f = g_ptr_array_index (figures, i);
      const char *id = lab_trace_get_model_id (f->trace);
      g_autofree char *verdict = lab_verdict_describe (f->trace,
                                                       lab_comparison_get_prediction (comparison, id));

      if (verdict != NULL)
        /* TRANSLATORS: a model id, then the verdict on the prediction for it */
        g_string_append_printf (out, _("%s: %s\n"), id, verdict);
    }
  for (guint i = 0; i < n; i++)
    {
      const LabFigures *f = g_ptr_array_index (figures, i);

      if (lab_trace_get_error (f->trace) != NULL)
        /* TRANSLATORS: a model id, then why it could not run */
        g_string_append_printf (out, _("%s failed: %s\n"), lab_trace_get_model_id (f->trace),
                                lab_trace_get_error (f->trace));
    }
  append_stopped (out, comparison);
  append_memory_source (out, figures);
  append_drift (out, figures);
  append_shared_cores (out, comparison);
  return g_string_free (out, FALSE);
}

/**
 * _lab_cli_summary_text:
 *
 * Returns: (transfer full): for a run, the workload line, a table of the
 *   models, the verdicts, the errors of the models that could not run,
 *   what a stopped run left out, and the calibration drift; for a traced
 *   program, its threads' time in each state and how it was sampled
 */
char *
_lab_cli_summary_text (LabComparison *comparison)
{
  /* an observed comparison ran no workload of ours */
  if (lab_comparison_get_workload (comparison) == NULL)
    return observed_summary_text (comparison);
  return run_summary_text (comparison);
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
