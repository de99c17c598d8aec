/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include "lab-process-memory.h"

/* One process measured: where its readings go. */
typedef struct
{
  guint    process;   /* in the roster */
  guint    rss;       /* counters of the roster */
  guint    pss;
  gboolean read;      /* once at least */
} Followed;

struct _LabProcessMemory
{
  LabObserved      *roster;
  LabMemorySampler *sampler;

  GMutex            mutex;     /* guards followed: readings come on the sampler's thread */
  GHashTable       *followed;  /* pid -> Followed* */
};

static void
on_reading (GPid                    pid,
            gint64                  t_ns,
            const LabMemoryReading *reading,
            gpointer                user_data)
{
  LabProcessMemory *self = user_data;
  Followed *f;

  g_mutex_lock (&self->mutex);
  f = g_hash_table_lookup (self->followed, GINT_TO_POINTER (pid));
  if (f != NULL)
    {
      f->read = TRUE;
      lab_observed_counter_add (self->roster, f->rss, t_ns, (double) reading->rss_bytes);
      if (reading->pss_bytes != LAB_MEMORY_NOT_MEASURED)
        lab_observed_counter_add (self->roster, f->pss, t_ns, (double) reading->pss_bytes);
    }
  g_mutex_unlock (&self->mutex);
}

/* The processes still measured, for let_go_cb(). */
typedef struct
{
  GHashTable  *alive;   /* of pids; NULL: none */
  LabObserved *roster;
  gint64       t_ns;
} LetGo;

/* A process measured no more holds nothing from then on; one that was
 * never read (it ended first) has no figure at all. */
static gboolean
let_go_cb (gpointer key,
           gpointer value,
           gpointer user_data)
{
  const Followed *f = value;
  const LetGo *go = user_data;

  if (go->alive != NULL && g_hash_table_contains (go->alive, key))
    return FALSE;
  if (f->read)
    {
      lab_observed_counter_add (go->roster, f->rss, go->t_ns, 0);
      lab_observed_counter_add (go->roster, f->pss, go->t_ns, 0);
    }
  return TRUE;
}

/* Follows the processes @sampler follows now: their counters for the new
 * ones, a last 0 for those gone. Returns their pids. */
static GArray *
follow (LabProcessMemory *memory,
        LabProcSampler   *sampler,
        gint64            now_ns)
{
  GArray *pids = lab_proc_sampler_dup_pids (sampler);
  g_autoptr(GHashTable) alive = g_hash_table_new (NULL, NULL);
  LetGo go = { alive, memory->roster, now_ns };

  for (guint i = 0; i < pids->len; i++)
    g_hash_table_add (alive, GINT_TO_POINTER (g_array_index (pids, gint32, i)));
  g_mutex_lock (&memory->mutex);
  g_hash_table_foreach_remove (memory->followed, let_go_cb, &go);
  for (guint i = 0; i < pids->len; i++)
    {
      gint32 pid = g_array_index (pids, gint32, i);
      guint process = lab_proc_sampler_find_process (sampler, pid);
      Followed *f = g_hash_table_lookup (memory->followed, GINT_TO_POINTER (pid));

      if (process == G_MAXUINT || (f != NULL && f->process == process))
        continue;
      f = g_new0 (Followed, 1);
      f->process = process;
      f->rss = lab_observed_add_counter (memory->roster, process, LAB_OBSERVED_COUNTER_RSS);
      f->pss = lab_observed_add_counter (memory->roster, process, LAB_OBSERVED_COUNTER_PSS);
      g_hash_table_replace (memory->followed, GINT_TO_POINTER (pid), f);
    }
  g_mutex_unlock (&memory->mutex);
  return pids;
}

/**
 * lab_process_memory_start:
 * @trace: the traced program's observed trace
 * @sampler: what follows its processes, the first one added
 * @now_ns: now
 *
 * Takes the first sample at once, then samples on a thread of its own.
 *
 * Returns: (transfer full): stop it with lab_process_memory_stop()
 */
LabProcessMemory *
lab_process_memory_start (LabTrace       *trace,
                          LabProcSampler *sampler,
                          gint64          now_ns)
{
  LabProcessMemory *self;
  g_autoptr(GArray) pids = NULL;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (lab_trace_get_observed (trace) != NULL, NULL);
  g_return_val_if_fail (sampler != NULL, NULL);

  self = g_new0 (LabProcessMemory, 1);
  self->roster = lab_trace_get_observed (trace);
  g_mutex_init (&self->mutex);
  self->followed = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  pids = follow (self, sampler, now_ns);
  self->sampler = lab_memory_sampler_start_tree (trace, NULL, pids, on_reading, self);
  return self;
}

void
lab_process_memory_follow (LabProcessMemory *memory,
                           LabProcSampler   *sampler,
                           gint64            now_ns)
{
  g_autoptr(GArray) pids = NULL;

  g_return_if_fail (memory != NULL);
  g_return_if_fail (sampler != NULL);

  pids = follow (memory, sampler, now_ns);
  lab_memory_sampler_set_pids (memory->sampler, pids);
}

/**
 * lab_process_memory_stop:
 * @memory: (transfer full): what lab_process_memory_start() returned
 * @end_ns: when the program was over: every process's counters end at 0
 *
 * Returns: the CPU time the measuring took
 */
gint64
lab_process_memory_stop (LabProcessMemory *memory,
                         gint64            end_ns)
{
  gint64 cpu_ns;
  LetGo go;

  g_return_val_if_fail (memory != NULL, 0);

  cpu_ns = lab_memory_sampler_get_cpu_ns (memory->sampler);
  lab_memory_sampler_stop_at (memory->sampler, end_ns);
  go = (LetGo) { NULL, memory->roster, end_ns };
  g_mutex_lock (&memory->mutex);
  g_hash_table_foreach_remove (memory->followed, let_go_cb, &go);
  g_mutex_unlock (&memory->mutex);
  g_hash_table_unref (memory->followed);
  g_mutex_clear (&memory->mutex);
  g_free (memory);
  return cpu_ns;
}
