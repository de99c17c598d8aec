/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-preset"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-clock.h"
#include "lab-duration.h"
#include "lab-figures.h"
#include "lab-preset.h"
#include "lab-run-entry.h"

typedef enum
{
  GROUP_END,
  GROUP_LIST,        /* a fixed list of durations */
  GROUP_PER_CORE,    /* count × cores tasks */
  GROUP_FIXED,       /* count tasks */
  GROUP_RANDOM,      /* count tasks spread between two durations */
} GroupShape;

typedef struct
{
  GroupShape  shape;
  const char *kind;
  guint       count;
  gint64      ns[3];   /* list: the durations; per-core/fixed: ns[0]; random: ns[0]..ns[1], seed ns[2] */
} PresetGroup;

typedef struct
{
  LabPreset   preset;
  PresetGroup groups[3];
} PresetDef;

#define MS(x) ((gint64) (x) * LAB_NS_PER_MS)

/* Each explanation says what the measured run shows, in the figures the
 * chart and the summary give for it; tests/core/test-lessons.cc runs
 * every lesson (scaled down) and asserts its claim. */
static const PresetDef presets[] = {
  {
    { "one-cook", N_("One Cook, Three Pots"),
      N_("Three tasks that only wait (3 s, 1 s and 2 s of I/O). One after another they "
         "take 6 s; on an event loop about 3 s, the longest task, because the waits "
         "overlap: two waits at once on average. Concurrency is dealing with many things "
         "at once."),
      "sequential,event-loop", LAB_PRESET_WORKERS_CORES,
      /* the waits stacked over one stretch of time say it all */
      "" },
    { { GROUP_LIST, "io", 3, { MS (3000), MS (1000), MS (2000) } } },
  },
  {
    { "heavy-math", N_("Heavy Math"),
      N_("Two CPU-bound tasks per core. The event loop is no faster than running them one "
         "after another: a task that computes never gives control back, so one core does "
         "all the math. Threads and processes put every core to work, and the run takes "
         "about the time of one core's share. Parallelism is doing many things at once."),
      "sequential,event-loop,threads,processes", LAB_PRESET_WORKERS_CORES,
      /* which cores computed, how many at once, and what Amdahl allows */
      "cores,flight" },
    { { GROUP_PER_CORE, "cpu", 2, { MS (1000) } } },
  },
  {
    { "gil", N_("The GIL"),
      N_("The same math under threads that must hold one global lock to compute, as in "
         "CPython. Only one thread computes at a time, so they are no faster than one thread "
         "doing it all (a speedup of 1× at most), handing the lock back and forth every "
         "switch interval. Plain C threads, and processes with a lock each, use every core "
         "and finish sooner."),
      "sequential,threads-gil,threads,processes", LAB_PRESET_WORKERS_CORES,
      /* the lock passing from thread to thread, one core busy at a time */
      "cores,gil" },
    { { GROUP_PER_CORE, "cpu", 2, { MS (1000) } } },
  },
  {
    { "blocking", N_("Blocking the Event Loop"),
      N_("Sixteen tasks that wait, and one that computes for a second inside the loop. "
         "Every wait that ends during the computation is late: the loop cannot get to its "
         "task until the computation is over, up to about a second. Sending the "
         "computation to a worker thread (loop-offload) keeps the loop free: the waits end "
         "on time, a few milliseconds late at most."),
      "event-loop,loop-offload", LAB_PRESET_WORKERS_CORES,
      /* how late the loop ran the waits while it computed */
      "loop" },
    { { GROUP_RANDOM, "io", 16, { MS (100), MS (1500), 4 } },
      { GROUP_FIXED, "cpu", 1, { MS (1000) } } },
  },
  {
    { "too-many-cooks", N_("Too Many Cooks"),
      N_("Four CPU-bound tasks per core, run twice: with a thread per task, and with a "
         "thread per core. On cores nothing else uses, the many threads finish no sooner: "
         "the operating system shares the cores between them, so every task stretches, "
         "ready but without a core most of its time. With a thread per core each task runs "
         "straight through, in its turn."),
      "threads:tasks,threads:cores", LAB_PRESET_WORKERS_CORES,
      /* the cores shared between more threads than there are */
      "cores" },
    { { GROUP_PER_CORE, "cpu", 4, { MS (500) } } },
  },
  {
    { "start-up", N_("Start-up Costs"),
      N_("Two hundred tiny CPU tasks of 0.1 ms. Threads start in microseconds. A process "
         "started for every task, as multiprocessing.Process does, pays a whole program "
         "start each time: starting the processes takes far longer than the math, and the "
         "run is several times slower. A pool of processes starts once and then only hands "
         "each task over a pipe."),
      "threads,processes,process-per-task", LAB_PRESET_WORKERS_CORES,
      /* the cores, and the processes' starts between the tasks */
      "cores" },
    { { GROUP_FIXED, "cpu", 200, { MS (1) / 10 } } },
  },
  {
    { "connections", N_("Ten Thousand Connections"),
      N_("Ten thousand tasks that each wait a second, like a web server's open connections "
         "waiting on their clients. The event loop holds them all at once, for bytes each, not "
         "kilobytes, and is done in about a second. A thread per connection holds a stack each, "
         "kilobytes a task; this app starts at most 1,024 threads, so they take ten rounds "
         "of a second. A process per connection, as a pre-forking server runs, holds a whole "
         "program, a megabyte or more; 256 processes each hold one connection at a time and "
         "the rest queue, so the processes take about forty seconds, the longest part of this "
         "lesson. The memory strip shows what each held."),
      "event-loop,threads:1024,processes:256", LAB_PRESET_WORKERS_CORES,
      /* what each model held, and how many tasks were in flight */
      "flight,memory" },
    { { GROUP_FIXED, "io", 10000, { MS (1000) } } },
  },
};

guint
lab_preset_get_n (void)
{
  return G_N_ELEMENTS (presets);
}

/**
 * lab_preset_get:
 * @index: from 0 to lab_preset_get_n() - 1, in the order of the lessons
 *
 * Returns: (transfer none): the preset
 */
const LabPreset *
lab_preset_get (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (presets), NULL);

  return &presets[index].preset;
}

static const PresetDef *
def_of (const LabPreset *preset)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (&presets[i].preset == preset)
      return &presets[i];
  g_return_val_if_reached (NULL);
}

const LabPreset *
lab_preset_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].preset.id, id))
      return &presets[i].preset;
  return NULL;
}

static char *
scaled (gint64 ns,
        double scale)
{
  gint64 v = (gint64) llround ((double) ns * scale);

  /* Keep the text exact and readable: whole microseconds, at least 1 µs. */
  v = MAX (LAB_NS_PER_US, v - v % LAB_NS_PER_US);
  return lab_duration_to_string (v);
}

/**
 * lab_preset_get_workload:
 * @preset: a preset
 * @n_cores: the cores of the machine the run is for
 * @scale: a factor on every duration (1.0: the lesson as written)
 *
 * Returns: (transfer full): the workload in the text form of lab-workload.h
 */
char *
lab_preset_get_workload (const LabPreset *preset,
                         guint            n_cores,
                         double           scale)
{
  const PresetDef *def;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (scale > 0, NULL);

  def = def_of (preset);
  n_cores = MAX (n_cores, 1);

  for (guint i = 0; i < G_N_ELEMENTS (def->groups) && def->groups[i].shape != GROUP_END; i++)
    {
      const PresetGroup *g = &def->groups[i];

      if (i > 0)
        g_string_append (text, " + ");
      g_string_append_printf (text, "%s ", g->kind);

      switch (g->shape)
        {
        case GROUP_LIST:
          for (guint k = 0; k < g->count; k++)
            {
              g_autofree char *d = scaled (g->ns[k], scale);
              g_string_append_printf (text, "%s%s", k > 0 ? "," : "", d);
            }
          break;

        case GROUP_PER_CORE:
        case GROUP_FIXED:
          {
            g_autofree char *d = scaled (g->ns[0], scale);
            guint count = g->shape == GROUP_PER_CORE ? g->count * n_cores : g->count;
            g_string_append_printf (text, "%ux%s", count, d);
          }
          break;

        case GROUP_RANDOM:
          {
            g_autofree char *lo = scaled (g->ns[0], scale);
            g_autofree char *hi = scaled (g->ns[1], scale);
            g_string_append_printf (text, "%ux random:%s..%s:seed=%" G_GINT64_FORMAT,
                                    g->count, lo, hi, g->ns[2]);
          }
          break;

        case GROUP_END:
        default:
          g_assert_not_reached ();
        }
    }

  return g_string_free (text, FALSE);
}

guint
lab_preset_get_workers (const LabPreset *preset,
                        guint            n_cores)
{
  g_return_val_if_fail (preset != NULL, 1);

  return preset->workers == LAB_PRESET_WORKERS_CORES ? MAX (n_cores, 1) : preset->workers;
}

/**
 * lab_preset_dup_plan:
 * @preset: a preset
 * @n_cores: the cores of the machine the run is for
 * @scale: a factor on every duration (1.0: the lesson as written)
 *
 * The one way a lesson becomes a run: its workload, its models with their
 * workers, the lesson's workers for the others, and the default switch
 * interval, every core, one model after another.
 *
 * Returns: (transfer full): the lesson's plan
 */
LabRunPlan *
lab_preset_dup_plan (const LabPreset *preset,
                     guint            n_cores,
                     double           scale)
{
  g_autofree char *text = NULL;
  g_autoptr(LabWorkload) workload = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(LabRunPlanBuilder) builder = NULL;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (scale > 0, NULL);

  text = lab_preset_get_workload (preset, n_cores, scale);
  workload = lab_workload_parse (text, NULL);
  entries = lab_run_entries_parse (preset->models, n_cores, NULL);
  /* the lessons are written here; the lessons test runs every one */
  g_return_val_if_fail (workload != NULL && entries != NULL, NULL);

  builder = lab_run_plan_builder_new (workload, lab_preset_get_workers (preset, n_cores));
  lab_run_entries_add_to_plan (entries, builder);
  return lab_run_plan_builder_end (builder);
}

const char *
lab_preset_get_title (const LabPreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);
  return _(preset->title);
}

/* The one sentence a slide of each lesson carries under its title: what the
 * measured chart shows, in words that hold whatever the durations were
 * scaled to. */
static const struct
{
  const char *id;
  const char *claim;
} claims[] = {
  { "one-cook", N_("Concurrency is dealing with many things at once: the waits overlap, so three "
                   "tasks that only wait take as long as the longest, not their sum.") },
  { "heavy-math", N_("Parallelism is doing many things at once: only more cores make computation "
                     "faster, and an event loop has one.") },
  { "gil", N_("Python threads do not get around the GIL: one lock lets one thread compute at a "
              "time, while processes use every core.") },
  { "blocking", N_("One computation inside the event loop makes every waiting task late; handing "
                   "it to a worker keeps the loop free.") },
  { "too-many-cooks", N_("More computing threads than cores finish no sooner: the cores are "
                         "shared, and every task stretches.") },
  { "start-up", N_("Processes pay for their parallelism with start-up and hand-over costs, which "
                   "outweigh very short tasks.") },
  { "connections", N_("An event loop holds thousands of waiting connections for bytes each; a thread "
                      "per connection costs kilobytes, a process per connection megabytes.") },
};

/**
 * lab_preset_get_claim:
 * @preset: a preset
 *
 * Returns: (nullable): the lesson's claim in one sentence, translated, for
 *   the title band of a slide
 */
const char *
lab_preset_get_claim (const LabPreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (claims); i++)
    if (g_str_equal (claims[i].id, preset->id))
      return _(claims[i].claim);
  return NULL;
}

/* A lone thread's tasks that took this many times their computing time
 * waited for a core that other programs held. */
#define SHARED_STRETCH 1.5

/**
 * lab_preset_dup_shared_cores_note:
 * @comparison: a measured comparison
 *
 * A model that computes on one thread can only be kept from a core, on a
 * machine of two or more, by other programs (the models of this run go one
 * after another). Where such a model's tasks took half again their
 * computing time, the run shared the cores, and a lesson's claim about
 * cores may not show in it: the note says so beside the claim, rather than
 * letting the claim stand over a measurement it does not fit.
 *
 * Returns: (transfer full) (nullable): the note, translated, or %NULL
 *   where no lone thread was kept waiting (or the models ran at once)
 */
char *
lab_preset_dup_shared_cores_note (LabComparison *comparison)
{
  guint n;

  g_return_val_if_fail (comparison != NULL, NULL);

  if (lab_comparison_get_all_at_once (comparison) || lab_comparison_get_n_cores (comparison) < 2)
    return NULL;
  n = lab_comparison_get_n_traces (comparison);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      g_autoptr(LabFigures) figures = NULL;
      g_autofree char *name = NULL;

      if (lab_trace_get_n_workers (trace) != 1)
        continue;
      figures = lab_figures_new (comparison, trace);
      if (figures->state != LAB_RUN_STATE_COMPLETE || !isfinite (figures->stretch)
          || figures->stretch < SHARED_STRETCH)
        continue;
      name = lab_run_entry_dup_name (comparison, i);
      /* TRANSLATORS: a model's name and how many times their computing
       * time its tasks took, e.g. "Sequential", 2.4 */
      return g_strdup_printf (_("Measured while other programs kept the cores busy: %s, on one "
                                "thread, took %.1f× its computing time. Run it again on an idle "
                                "machine to see the lesson."),
                              name, figures->stretch);
    }
  return NULL;
}

const char *
lab_preset_get_explanation (const LabPreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);
  return _(preset->explanation);
}

/**
 * lab_preset_get_layers:
 * @preset: a preset
 *
 * Returns: the chart's layers the lesson's point needs, as ids separated
 *   by commas (lab_chart_layers_parse() reads them); "" for the task lanes
 *   alone
 */
const char *
lab_preset_get_layers (const LabPreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  return preset->layers;
}
