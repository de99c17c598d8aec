/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include "lab-chart-cache-private.h"

/*
 * Values derived from traces, each entry holding its trace (a trace shown
 * is alive anyway; the owner clears the cache when it shows others).
 */

typedef struct
{
  LabTrace       *trace;        /* owned */
  const char     *key;          /* a static string: compared by address */
  gpointer        value;
  GDestroyNotify  unref;
  guint64         n_segments;   /* what the trace had when computed */
  gint64          last_ns;
  gboolean        finished;
  gint64          computed_us;  /* monotonic, when computed */
  gint64          cost_us;      /* how long it took */
} Entry;

struct _LabChartCache
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  GArray         *entries;      /* of Entry */
  guint           n_computed;
};

G_DEFINE_BOXED_TYPE (LabChartCache, lab_chart_cache, lab_chart_cache_ref, lab_chart_cache_unref)

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_clear_pointer (&e->trace, lab_trace_unref);
  if (e->value != NULL)
    e->unref (g_steal_pointer (&e->value));
}

/**
 * lab_chart_cache_new:
 *
 * Returns: (transfer full): an empty cache
 */
LabChartCache *
lab_chart_cache_new (void)
{
  LabChartCache *self = g_new0 (LabChartCache, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  return self;
}

LabChartCache *
lab_chart_cache_ref (LabChartCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lab_chart_cache_unref (LabChartCache *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->entries);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/**
 * lab_chart_cache_clear:
 * @self: a cache
 *
 * Drops every entry, and with them the traces they held.
 */
void
lab_chart_cache_clear (LabChartCache *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_array_set_size (self->entries, 0);
  g_mutex_unlock (&self->mutex);
}

guint
lab_chart_cache_get_n_computed (LabChartCache *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = self->n_computed;
  g_mutex_unlock (&self->mutex);
  return n;
}

static gboolean
is_fresh (const Entry *e,
          LabTrace    *trace,
          gint64       now_us)
{
  if (e->finished)
    return TRUE;
  if (e->n_segments == lab_trace_get_n_segments (trace)
      && e->last_ns == lab_trace_get_last_ns (trace)
      && !lab_trace_is_finished (trace))
    return TRUE;
  /* While a large run records: a frame spends at most a tenth of its
   * time on this, so the value follows the run a little behind. */
  return !lab_trace_is_finished (trace) && now_us - e->computed_us < 10 * e->cost_us;
}

gpointer
_lab_chart_cache_get (LabChartCache        *cache,
                      LabTrace             *trace,
                      const char           *key,
                      LabChartCacheCompute  compute,
                      GBoxedCopyFunc        ref,
                      GDestroyNotify        unref)
{
  gint64 now_us = g_get_monotonic_time ();
  Entry *e = NULL;
  gpointer value;

  if (cache == NULL)
    return compute (trace);

  g_mutex_lock (&cache->mutex);
  for (guint i = 0; i < cache->entries->len && e == NULL; i++)
    {
      Entry *old = &g_array_index (cache->entries, Entry, i);

      if (old->trace == trace && old->key == key)
        e = old;
    }
  if (e == NULL)
    {
      g_array_set_size (cache->entries, cache->entries->len + 1);
      e = &g_array_index (cache->entries, Entry, cache->entries->len - 1);
      e->trace = lab_trace_ref (trace);
      e->key = key;
      e->unref = unref;
    }
  else if (is_fresh (e, trace, now_us))
    {
      value = ref (e->value);
      g_mutex_unlock (&cache->mutex);
      return value;
    }
  if (e->value != NULL)
    unref (g_steal_pointer (&e->value));
  /* Read before computing: whatever arrives meanwhile makes it stale. */
  e->finished = lab_trace_is_finished (trace);
  e->n_segments = lab_trace_get_n_segments (trace);
  e->last_ns = lab_trace_get_last_ns (trace);
  e->value = compute (trace);
  e->computed_us = now_us;
  e->cost_us = g_get_monotonic_time () - now_us;
  cache->n_computed++;
  value = ref (e->value);
  g_mutex_unlock (&cache->mutex);
  return value;
}
