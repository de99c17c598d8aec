/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-figures"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-clock.h"
#include "lab-duration.h"
#include "lab-figures.h"
#include "lab-stats.h"

/*
 * Every figure is defined so that what a slide shows cannot contradict
 * itself: speedup, efficiency and Amdahl's limit share one measured work W
 * (so efficiency ≤ 100 % and the limit ≥ the speedup hold by
 * construction), and the ideal time comes from the same measured work (so
 * no complete run is below it). Which figures apply depends on the work
 * (computing, waiting or both), on whether the run is whole, and, for the
 * two that make a lesson's point (stretched tasks, late waits), on whether
 * any run of the comparison showed it: then every run shows it, so that
 * the runs compare.
 */

#define CACHE_KEY "lab-figures"

/* Tasks that took this many times their computing time were stretched. */
#define STRETCH_NOTABLE 1.5
/* A wait this late is a lesson, not the cost of waking up. */
#define LATE_NOTABLE_NS (10 * LAB_NS_PER_MS)

static const char *const figure_ids[LAB_N_FIGURES] = {
  [LAB_FIGURE_ELAPSED]    = "elapsed",
  [LAB_FIGURE_SPEEDUP]    = "speedup",
  [LAB_FIGURE_EFFICIENCY] = "efficiency",
  [LAB_FIGURE_AMDAHL]     = "amdahl_limit",
  [LAB_FIGURE_OVERLAP]    = "waits_at_once",
  [LAB_FIGURE_STRETCH]    = "stretch",
  [LAB_FIGURE_LATENESS]   = "lateness",
  [LAB_FIGURE_PEAK_MEMORY]   = "peak_memory",
  [LAB_FIGURE_TASK_MEMORY]   = "memory_per_task",
  [LAB_FIGURE_WORKER_MEMORY] = "memory_per_worker",
  [LAB_FIGURE_FAILED]     = "failed_tasks",
};

const char *
lab_figure_id_to_string (LabFigureId id)
{
  g_return_val_if_fail (id < LAB_N_FIGURES, NULL);

  return figure_ids[id];
}

/**
 * lab_figure_get_label:
 * @id: a figure
 *
 * Returns: its name as a column heading, translated: "Speedup"
 */
const char *
lab_figure_get_label (LabFigureId id)
{
  switch (id)
    {
    case LAB_FIGURE_ELAPSED:
      return _("Elapsed");
    case LAB_FIGURE_SPEEDUP:
      return _("Speedup");
    case LAB_FIGURE_EFFICIENCY:
      return _("Efficiency");
    case LAB_FIGURE_AMDAHL:
      return _("Amdahl Limit");
    case LAB_FIGURE_OVERLAP:
      return _("Waits at Once");
    case LAB_FIGURE_STRETCH:
      return _("Stretch");
    case LAB_FIGURE_LATENESS:
      return _("Latest Wait");
    case LAB_FIGURE_PEAK_MEMORY:
      return _("Peak Memory");
    case LAB_FIGURE_TASK_MEMORY:
      return _("Memory a Task");
    case LAB_FIGURE_WORKER_MEMORY:
      return _("Memory a Worker");
    case LAB_FIGURE_FAILED:
      return _("Failed");
    case LAB_N_FIGURES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * lab_figure_get_description:
 * @id: a figure
 *
 * Returns: its definition in one line, translated, for a heading's tooltip
 */
const char *
lab_figure_get_description (LabFigureId id)
{
  switch (id)
    {
    case LAB_FIGURE_ELAPSED:
      return _("From the model's start to the end of its last task, as measured.");
    case LAB_FIGURE_SPEEDUP:
      return _("How much sooner than one thread doing the same measured work, every task's "
               "computing and waiting one after another.");
    case LAB_FIGURE_EFFICIENCY:
      return _("Speedup per core the run could use; never above 100 %.");
    case LAB_FIGURE_AMDAHL:
      return _("The most speedup Amdahl's law allows this computation: its share done while "
               "only one task computed cannot be spread over the cores.");
    case LAB_FIGURE_OVERLAP:
      return _("How many waits were in progress at once, on average: all the waiting ÷ the "
               "elapsed time.");
    case LAB_FIGURE_STRETCH:
      return _("How many times their computing time the tasks took once begun: the rest they "
               "were ready to run with no core free.");
    case LAB_FIGURE_LATENESS:
      return _("The most a task resumed after its wait was over: a wait is late while its "
               "task could go on and does not run.");
    case LAB_FIGURE_PEAK_MEMORY:
      return _("The most resident memory (RSS) this program and its worker processes held at "
               "any sample while the model ran, its trace included.");
    case LAB_FIGURE_TASK_MEMORY:
      return _("How much the memory grew over what the program held before the model began, "
               "its trace's own records left out, ÷ the tasks in flight then: at the sample "
               "with the most tasks in flight.");
    case LAB_FIGURE_WORKER_MEMORY:
      return _("The worker processes' resident memory (RSS) ÷ their number, and the same in "
               "proportional set size (PSS), which shares the pages they have in common fairly "
               "among them.");
    case LAB_FIGURE_FAILED:
      return _("Tasks that did not finish: the figures of a part of the work are not shown.");
    case LAB_N_FIGURES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
lab_run_state_to_string (LabRunState state)
{
  switch (state)
    {
    case LAB_RUN_STATE_RUNNING:
      return "running";
    case LAB_RUN_STATE_COMPLETE:
      return "complete";
    case LAB_RUN_STATE_STOPPED:
      return "stopped";
    case LAB_RUN_STATE_FAILED:
    default:
      return "failed";
    }
}

/**
 * lab_run_state_of:
 * @trace: a trace
 *
 * Returns: what @trace measured: still running, the whole work, a part
 *   (stopped), or a failure (the model could not run, or tasks failed)
 */
LabRunState
lab_run_state_of (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, LAB_RUN_STATE_FAILED);

  if (!lab_trace_is_finished (trace))
    return LAB_RUN_STATE_RUNNING;
  if (lab_trace_get_error (trace) != NULL)
    return LAB_RUN_STATE_FAILED;
  if (lab_trace_was_stopped (trace))
    return LAB_RUN_STATE_STOPPED;
  return lab_trace_is_complete (trace) ? LAB_RUN_STATE_COMPLETE : LAB_RUN_STATE_FAILED;
}

/* What is measured once per finished trace and kept with it. */

typedef struct
{
  guint64           n_segments;
  LabTraceAnalysis  analysis;
  LabLateness       lateness;
  gint64            longest_work_ns;  /* one task's own computing and waiting */
  gint64            preempted_ns;     /* `ready` after a task first ran */
  LabMemoryFigures  memory;
} Measures;

static void
measures_release (gpointer box)
{
  g_atomic_rc_box_release (box);
}

/* `ready` time once a task has begun to compute: a task the OS took the
 * core from. The `ready` of a task not yet begun is its turn to come (an
 * event loop's tasks all due at its start), not a stretch. */
static gint64
preempted_of (LabTrace *trace)
{
  g_autoptr(GArray) segments = lab_trace_copy_segments (trace);
  gint64 preempted = 0;
  gint64 first_run = G_MAXINT64;
  guint32 task = G_MAXUINT32;

  /* Sorted by task, then begin. */
  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, i);

      if (s->task != task)
        {
          task = s->task;
          first_run = G_MAXINT64;
        }
      if (s->state == LAB_STATE_RUNNING)
        first_run = MIN (first_run, s->begin_ns);
      else if (s->state == LAB_STATE_READY && s->begin_ns >= first_run)
        preempted += s->end_ns - s->begin_ns;
    }
  return preempted;
}

static Measures *
measures_dup (LabTrace *trace)
{
  guint64 n_segments = lab_trace_get_n_segments (trace);
  Measures *m = lab_trace_dup_cached (trace, CACHE_KEY);
  g_autoptr(GArray) tasks = NULL;

  /* A finished trace no longer changes: a load adds its segments after
   * its end, so the count says whether the copy is of all of them. */
  if (m != NULL && m->n_segments == n_segments)
    return m;
  g_clear_pointer (&m, measures_release);

  m = g_atomic_rc_box_new0 (Measures);
  m->n_segments = n_segments;
  lab_analysis_compute (trace, &m->analysis);
  lab_lateness_compute (trace, &m->lateness);
  m->preempted_ns = preempted_of (trace);
  lab_memory_figures_compute (trace, &m->memory);
  tasks = lab_trace_compute_task_stats (trace);
  for (guint i = 0; i < tasks->len; i++)
    {
      const LabTaskStats *t = &g_array_index (tasks, LabTaskStats, i);

      m->longest_work_ns = MAX (m->longest_work_ns, t->state_ns[LAB_STATE_RUNNING]
                                                    + t->state_ns[LAB_STATE_WAITING_IO]);
    }
  if (lab_trace_is_finished (trace))
    lab_trace_set_cached (trace, CACHE_KEY, g_atomic_rc_box_acquire (m), measures_release);
  return m;
}

/* How many times its computing time a task took once it had begun:
 * (running + ready after it began) ÷ running, over all tasks. */
static double
stretch_of (const Measures *m)
{
  gint64 running = m->analysis.state_ns[LAB_STATE_RUNNING];

  if (running <= 0)
    return NAN;
  return (double) (running + m->preempted_ns) / (double) running;
}

/* The two figures shown where any run of the comparison makes the point. */
typedef struct
{
  gboolean stretch;
  gboolean lateness;
} Context;

static void
context_of (LabComparison *comparison,
            Context       *ctx)
{
  guint n = lab_comparison_get_n_traces (comparison);

  ctx->stretch = FALSE;
  ctx->lateness = FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      Measures *m;

      if (lab_run_state_of (trace) != LAB_RUN_STATE_COMPLETE)
        continue;
      m = measures_dup (trace);
      ctx->stretch |= stretch_of (m) >= STRETCH_NOTABLE;
      ctx->lateness |= m->lateness.max_ns >= LATE_NOTABLE_NS;
      measures_release (m);
    }
}

static void
figure_free (gpointer data)
{
  LabFigure *figure = data;

  g_free (figure->text);
  g_free (figure->cell);
  g_free (figure->explanation);
  g_free (figure);
}

/* Takes @text, @cell and @explanation. */
static void
add (LabFigures  *f,
     LabFigureId  id,
     double       value,
     char        *text,
     char        *cell,
     char        *explanation)
{
  LabFigure *figure = g_new0 (LabFigure, 1);

  figure->id = id;
  figure->value = value;
  figure->text = text;
  figure->cell = cell;
  figure->explanation = explanation;
  g_ptr_array_add (f->shown, figure);
}

static void
add_elapsed (LabFigures *f)
{
  g_autofree char *t = lab_duration_format (f->elapsed_ns);
  double seconds = (double) f->elapsed_ns / 1e9;

  switch (f->state)
    {
    case LAB_RUN_STATE_RUNNING:
      /* Translators: the time a model has been running so far */
      add (f, LAB_FIGURE_ELAPSED, seconds, g_strdup_printf (_("running… %s"), t),
           g_strdup_printf (_("running… %s"), t),
           g_strdup (_("Still running: the figures come when the model is over.")));
      break;
    case LAB_RUN_STATE_STOPPED:
      /* Translators: a run stopped before its end, e.g. "stopped at 1.81 s" */
      add (f, LAB_FIGURE_ELAPSED, seconds, g_strdup_printf (_("stopped at %s"), t),
           g_strdup_printf (_("stopped at %s"), t),
           g_strdup_printf (_("The run was stopped %s after this model started: it measured a "
                              "part of the work, which is compared with nothing."), t));
      break;
    case LAB_RUN_STATE_FAILED:
      if (lab_trace_get_error (f->trace) != NULL)
        {
          add (f, LAB_FIGURE_ELAPSED, seconds, g_strdup (""), g_strdup (_("could not run")),
               g_strdup (lab_trace_get_error (f->trace)));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case LAB_RUN_STATE_COMPLETE:
    default:
      if (lab_trace_get_workload (f->trace) == NULL)
        add (f, LAB_FIGURE_ELAPSED, seconds, g_strdup (t), g_strdup (t),
             g_strdup_printf (_("From the program's start to the end of the last thread seen: "
                                "%s."), t));
      else
        add (f, LAB_FIGURE_ELAPSED, seconds, g_strdup (t), g_strdup (t),
             g_strdup_printf (_("From the model's start to the end of its last task: %s."), t));
      break;
    }
}

static void
add_speedup (LabFigures *f)
{
  g_autofree char *work = lab_duration_format (f->work_cpu_ns + f->work_wait_ns);
  g_autofree char *elapsed = lab_duration_format (f->elapsed_ns);

  add (f, LAB_FIGURE_SPEEDUP, f->speedup,
       /* Translators: in a panel title, e.g. "speedup 1.98×" */
       g_strdup_printf (_("speedup %.2f×"), f->speedup),
       /* Translators: a speedup factor, as in "1.98×" */
       g_strdup_printf (_("%.2f×"), f->speedup),
       g_strdup_printf (_("One thread doing the same measured work, every task's computing and "
                          "waiting one after another, would take %s; this model took %s."),
                        work, elapsed));
}

static void
add_efficiency (LabFigures *f)
{
  add (f, LAB_FIGURE_EFFICIENCY, f->efficiency,
       /* Translators: in a panel title, e.g. "efficiency 99 %" */
       g_strdup_printf (_("efficiency %.0f %%"), f->efficiency * 100.0),
       g_strdup_printf (_("%.0f %%"), f->efficiency * 100.0),
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                     "Speedup %.2f× on the %u core this run could use: %.0f %%.",
                                     "Speedup %.2f× over the %u cores this run could use: %.0f %%.",
                                     f->usable_cores),
                        f->speedup, f->usable_cores, f->efficiency * 100.0));
}

static void
add_amdahl (LabFigures *f)
{
  const LabTraceAnalysis *a = &f->analysis;

  add (f, LAB_FIGURE_AMDAHL, a->amdahl_limit,
       /* Translators: in a panel title: Amdahl's limit, then the serial share of the work */
       g_strdup_printf (_("Amdahl limit %.2f× (serial %.0f %%)"), a->amdahl_limit,
                        a->serial_fraction * 100.0),
       g_strdup_printf (_("%.2f×"), a->amdahl_limit),
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                     "%.0f %% of the computing ran while only one task computed; "
                                     "with the rest spread perfectly over %u core, this work "
                                     "allows at most %.2f×.",
                                     "%.0f %% of the computing ran while only one task computed; "
                                     "with the rest spread perfectly over %u cores, this work "
                                     "allows at most %.2f×.", a->usable_cores),
                        a->serial_fraction * 100.0, a->usable_cores, a->amdahl_limit));
}

static void
add_overlap (LabFigures *f)
{
  g_autofree char *waiting = lab_duration_format (f->work_wait_ns);
  g_autofree char *elapsed = lab_duration_format (f->elapsed_ns);

  add (f, LAB_FIGURE_OVERLAP, f->overlap,
       /* Translators: in a panel title, the waits in progress at once on average */
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.2f wait at once", "%.2f waits at once",
                                     fabs (f->overlap - 1.0) < 0.005 ? 1 : 2), f->overlap),
       g_strdup_printf ("%.2f", f->overlap),
       g_strdup_printf (_("%s of waiting in %s: on average %.2f waits were in progress at "
                          "once."), waiting, elapsed, f->overlap));
}

static void
add_stretch (LabFigures *f)
{
  add (f, LAB_FIGURE_STRETCH, f->stretch,
       /* Translators: in a panel title: how many times their computing time the tasks took */
       g_strdup_printf (_("tasks stretched %.1f×"), f->stretch),
       g_strdup_printf (_("%.1f×"), f->stretch),
       g_strdup_printf (_("Once begun, the tasks took %.1f times their computing time: the rest "
                          "of it they were ready to run with no core free."), f->stretch));
}

static void
add_lateness (LabFigures *f)
{
  const LabLateness *l = &f->lateness;
  g_autofree char *max = lab_duration_format (l->max_ns);
  g_autofree char *median = lab_duration_format (l->median_ns);
  g_autofree char *p99 = lab_duration_format (l->p99_ns);

  add (f, LAB_FIGURE_LATENESS, (double) l->max_ns / 1e9,
       /* Translators: in a panel title: the most a wait ran late, e.g. "waits up to 1.01 s late" */
       g_strdup_printf (_("waits up to %s late"), max),
       g_strdup (max),
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                     "Late by %s at the median, %s at the 99th percentile and %s "
                                     "at most, over %u waiting task.",
                                     "Late by %s at the median, %s at the 99th percentile and %s "
                                     "at most, over %u waiting tasks.", l->n_tasks),
                        median, p99, max, l->n_tasks));
}

/* The file the samples were read from, where it is not the best one. */
static const char *
memory_source_note (const LabMemoryFigures *m)
{
  switch (m->source)
    {
    case LAB_MEMORY_SOURCE_SMAPS:
      return _(" Read from smaps: this kernel has no smaps_rollup.");
    case LAB_MEMORY_SOURCE_STATM:
      return _(" Read from statm: this kernel has no smaps, so no proportional set size.");
    case LAB_MEMORY_SOURCE_SMAPS_ROLLUP:
    case LAB_MEMORY_SOURCE_NONE:
    case LAB_N_MEMORY_SOURCES:
    default:
      return "";
    }
}

/* Where no sample could be read whole: said, never guessed. */
static void
add_memory_not_measured (LabFigures  *f,
                         LabFigureId  id)
{
  add (f, id, NAN, g_strdup (""),
       /* Translators: a table cell where memory could not be read */
       g_strdup (_("not measured")),
       g_strdup (_("Not measured: no sample could be read (a process vanished or its /proc "
                   "files could not be read), or the models ran all at once and shared this "
                   "program's memory.")));
}

static void
add_peak_memory (LabFigures *f)
{
  const LabMemoryFigures *m = &f->memory;
  g_autofree char *rss = NULL;
  g_autofree char *pss = NULL;
  g_autofree char *baseline = NULL;
  char *tooltip;

  if (!m->measured)
    {
      add_memory_not_measured (f, LAB_FIGURE_PEAK_MEMORY);
      return;
    }
  rss = g_format_size (m->peak_rss_bytes);
  baseline = g_format_size (m->baseline_rss_bytes);
  pss = m->peak_pss_bytes != LAB_MEMORY_NOT_MEASURED ? g_format_size (m->peak_pss_bytes)
                                                     : g_strdup (_("not measured"));
  /* Whose memory it is: a traced program's processes, or this program
   * with the model's workers. */
  if (lab_trace_get_observed (f->trace) != NULL)
    /* Translators: the peak memory's tooltip for a traced program; the last %s is a note
     * on the source or empty */
    tooltip = g_strdup_printf (_("At most %s resident (RSS), %s proportional (PSS), all the "
                                 "program's processes together; %s as it started.%s"),
                               rss, pss, baseline, memory_source_note (m));
  else
    /* Translators: the peak memory's tooltip; the last %s is a note on the source or empty */
    tooltip = g_strdup_printf (_("At most %s resident (RSS), %s proportional (PSS), this program "
                                 "and its worker processes with the trace; %s before the model "
                                 "began.%s"),
                               rss, pss, baseline, memory_source_note (m));
  add (f, LAB_FIGURE_PEAK_MEMORY, (double) m->peak_rss_bytes, g_strdup (""), g_strdup (rss),
       tooltip);
}

static void
add_task_memory (LabFigures *f)
{
  const LabMemoryFigures *m = &f->memory;
  g_autofree char *bytes = NULL;

  if (!m->measured)
    {
      add_memory_not_measured (f, LAB_FIGURE_TASK_MEMORY);
      return;
    }
  if (m->per_task_bytes == LAB_MEMORY_NOT_MEASURED)
    return;
  bytes = g_format_size (m->per_task_bytes);
  add (f, LAB_FIGURE_TASK_MEMORY, (double) m->per_task_bytes, g_strdup (""), g_strdup (bytes),
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                     "%s for each task in flight: the memory's growth with %u "
                                     "task in flight, the trace's own records left out.",
                                     "%s for each task in flight: the memory's growth with %u "
                                     "tasks in flight, the trace's own records left out.",
                                     m->tasks_in_flight),
                        bytes, m->tasks_in_flight));
}

static void
add_worker_memory (LabFigures *f)
{
  const LabMemoryFigures *m = &f->memory;
  g_autofree char *rss = NULL;
  g_autofree char *pss = NULL;

  if (!m->measured || m->max_workers == 0)
    return;
  rss = g_format_size (m->per_worker_rss_bytes);
  pss = m->per_worker_pss_bytes != LAB_MEMORY_NOT_MEASURED ? g_format_size (m->per_worker_pss_bytes)
                                                           : g_strdup (_("not measured"));
  add (f, LAB_FIGURE_WORKER_MEMORY, (double) m->per_worker_rss_bytes, g_strdup (""),
       /* Translators: a table cell: a worker's resident and proportional memory */
       g_strdup_printf (_("%s (PSS %s)"), rss, pss),
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                     "%s resident (RSS), %s proportional (PSS) per worker process, "
                                     "with %u worker measured at once.",
                                     "%s resident (RSS), %s proportional (PSS) per worker process, "
                                     "with %u workers measured at once.", m->max_workers),
                        rss, pss, m->max_workers));
}

static void
add_failed (LabFigures *f)
{
  guint n_tasks = lab_trace_get_n_tasks (f->trace);
  guint n_failed = 0;

  for (guint32 t = 0; t < n_tasks; t++)
    n_failed += lab_trace_task_get_status (f->trace, t) == LAB_TASK_STATUS_FAILED;
  if (n_failed == 0 || lab_trace_get_error (f->trace) != NULL)
    return;
  add (f, LAB_FIGURE_FAILED, n_failed,
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task failed", "%u tasks failed",
                                     n_failed), n_failed),
       g_strdup_printf ("%u", n_failed),
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                     "%u of %u task failed: a part of the work is compared with "
                                     "nothing.",
                                     "%u of %u tasks failed: a part of the work is compared with "
                                     "nothing.", n_tasks), n_failed, n_tasks));
}

/* Values of a complete run; the rest stay NAN and -1. */
static void
compute_values (LabFigures     *f,
                const Measures *m)
{
  const LabTraceAnalysis *a = &m->analysis;
  gint64 planned = f->planned_cpu_ns;
  guint n = MAX (f->usable_cores, 1);

  if (planned > 0)
    f->calibration_drift = (double) f->running_ns / (double) planned - 1.0;
  if (f->state != LAB_RUN_STATE_COMPLETE || f->elapsed_ns <= 0)
    return;
  /* A traced program, or another tool's trace, had no plan: its threads
   * are not tasks of one work that one thread could have done, so no
   * speedup, efficiency, overlap, stretch or ideal holds for it. */
  if (lab_trace_get_workload (f->trace) == NULL)
    return;
  if (a->has_cpu_work)
    f->speedup = (double) (f->work_cpu_ns + f->work_wait_ns) / (double) f->elapsed_ns;
  if (a->has_cpu_work && !a->has_waits)
    {
      f->efficiency = f->speedup / n;
      f->stretch = stretch_of (m);
    }
  if (!a->has_cpu_work)
    f->overlap = (double) f->work_wait_ns / (double) f->elapsed_ns;
  f->ideal_ns = MAX (m->longest_work_ns, (f->work_cpu_ns + n - 1) / n);
}

/**
 * lab_figures_new:
 * @comparison: the comparison @trace belongs to (the figures that make a
 *   lesson's point are shown where any of its runs shows it)
 * @trace: a trace, finished or still recording
 *
 * Measures the trace once (kept with a finished trace, so asking again is
 * cheap) and decides its figures.
 *
 * Returns: (transfer full): the figures
 */
LabFigures *
lab_figures_new (LabComparison *comparison,
                 LabTrace      *trace)
{
  LabFigures *f;
  Context ctx = { FALSE, FALSE };
  Measures *m = NULL;
  gint64 begin, end;

  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (trace != NULL, NULL);

  f = g_new0 (LabFigures, 1);
  f->trace = lab_trace_ref (trace);
  f->state = lab_run_state_of (trace);
  f->shown = g_ptr_array_new_with_free_func (figure_free);
  f->speedup = f->efficiency = f->overlap = f->stretch = f->calibration_drift = NAN;
  f->ideal_ns = -1;
  lab_memory_figures_init (&f->memory);
  f->planned_cpu_ns = lab_trace_get_workload (trace) != NULL
                        ? lab_workload_get_total_cpu_ns (lab_trace_get_workload (trace)) : -1;
  begin = lab_trace_get_begin_ns (trace);
  end = lab_trace_is_finished (trace) ? lab_trace_get_end_ns (trace) : lab_trace_get_last_ns (trace);
  f->elapsed_ns = begin != 0 ? MAX (end - begin, 0) : 0;

  add_elapsed (f);
  if (f->state == LAB_RUN_STATE_RUNNING)
    return f;

  m = measures_dup (trace);
  f->analysis = m->analysis;
  f->lateness = m->lateness;
  f->usable_cores = m->analysis.usable_cores;
  f->work_cpu_ns = m->analysis.work_cpu_ns;
  f->work_wait_ns = m->analysis.work_wait_ns;
  f->running_ns = m->analysis.state_ns[LAB_STATE_RUNNING];
  f->memory = m->memory;
  compute_values (f, m);
  measures_release (m);

  if (f->state == LAB_RUN_STATE_COMPLETE)
    {
      context_of (comparison, &ctx);
      /* Where a computation made the waits late, lateness is the lesson:
       * a speedup over one thread would answer another question. */
      if (isfinite (f->speedup) && !(ctx.lateness && f->analysis.has_waits))
        add_speedup (f);
      if (isfinite (f->efficiency))
        add_efficiency (f);
      if (isfinite (f->analysis.amdahl_limit))
        add_amdahl (f);
      if (isfinite (f->overlap))
        add_overlap (f);
      if (ctx.stretch && isfinite (f->stretch))
        add_stretch (f);
      if (ctx.lateness && f->analysis.has_waits && f->lateness.n_tasks > 0)
        add_lateness (f);
      /* A trace from before memory was sampled has no samples: no claim. */
      if (f->memory.n_samples > 0)
        {
          add_peak_memory (f);
          add_task_memory (f);
          add_worker_memory (f);
        }
    }
  add_failed (f);
  return f;
}

void
lab_figures_free (LabFigures *figures)
{
  if (figures == NULL)
    return;
  g_ptr_array_unref (figures->shown);
  lab_trace_unref (figures->trace);
  g_free (figures);
}

/**
 * lab_figures_find:
 * @figures: figures
 * @id: one of them
 *
 * Returns: (nullable): the figure, or %NULL where it does not apply
 */
const LabFigure *
lab_figures_find (const LabFigures *figures,
                  LabFigureId       id)
{
  g_return_val_if_fail (figures != NULL, NULL);

  for (guint i = 0; i < figures->shown->len; i++)
    {
      const LabFigure *figure = g_ptr_array_index (figures->shown, i);

      if (figure->id == id)
        return figure;
    }
  return NULL;
}

/**
 * lab_figures_dup_title:
 * @figures: figures
 *
 * Returns: (transfer full): the words of a panel title after the model's
 *   name: "2.00 s  ·  speedup 1.98×  ·  efficiency 99 %"
 */
char *
lab_figures_dup_title (const LabFigures *figures)
{
  GString *title = g_string_new (NULL);

  g_return_val_if_fail (figures != NULL, NULL);

  for (guint i = 0; i < figures->shown->len; i++)
    {
      const LabFigure *figure = g_ptr_array_index (figures->shown, i);

      if (figure->text[0] == '\0')
        continue;
      if (title->len > 0)
        g_string_append (title, "  ·  ");
      g_string_append (title, figure->text);
    }
  return g_string_free (title, FALSE);
}

/**
 * lab_figures_comparison_ideal_ns:
 * @comparison: a comparison
 *
 * The ideal the comparison bars draw: the least ideal time of its complete
 * runs (each from its own measured work), so that no complete run is
 * below it.
 *
 * Returns: the ideal in nanoseconds, or -1 without a complete run
 */
gint64
lab_figures_comparison_ideal_ns (LabComparison *comparison)
{
  guint n;
  gint64 ideal = -1;

  g_return_val_if_fail (comparison != NULL, -1);

  n = lab_comparison_get_n_traces (comparison);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      g_autoptr(LabFigures) f = NULL;

      if (lab_run_state_of (trace) != LAB_RUN_STATE_COMPLETE)
        continue;
      f = lab_figures_new (comparison, trace);
      if (f->ideal_ns >= 0 && (ideal < 0 || f->ideal_ns < ideal))
        ideal = f->ideal_ns;
    }
  return ideal;
}
