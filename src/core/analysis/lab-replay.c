/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-replay"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lab-replay-private.h"

/*
 * The events of a panel come from its segments, task by task: a segment
 * that continues the task's previous one in the same state (models hand
 * long work over in slices) is no event; a change of state is one, and so
 * is a gap, where the task is in no segment. The per-panel events are then
 * ordered by time once.
 *
 * A caption needs every task's state at a time. Each panel keeps a cursor:
 * the events applied so far, the state of every task, and per state a
 * linked list of the tasks in it with their count, so that a caption names
 * the few tasks in a state (or counts the many) without looking at all the
 * tasks. Moving the cursor applies the events between the old and the new
 * time, forward or back (every event knows the state it left).
 */

/* Gaps up to this long between a task's segments are recording slack, not
 * a pause worth narrating. */
#define GAP_NS G_GINT64_CONSTANT (200000)

struct _LabReplay
{
  gatomicrefcount  ref_count;
  GMutex           lock;      /* the cursors */
  guint            n_panels;
  LabReplayPanel  *panels;
  gint64           duration_ns;
  GArray          *events;    /* of LabReplayEvent, all panels, by time */
};

G_DEFINE_BOXED_TYPE (LabReplay, lab_replay, lab_replay_ref, lab_replay_unref)

static LabReplayModel
model_kind (const char *id)
{
  static const struct { const char *id; LabReplayModel kind; } kinds[] = {
    { "sequential", LAB_REPLAY_MODEL_SEQUENTIAL }, { "event-loop", LAB_REPLAY_MODEL_LOOP },
    { "loop-offload", LAB_REPLAY_MODEL_OFFLOAD }, { "threads", LAB_REPLAY_MODEL_THREADS },
    { "threads-gil", LAB_REPLAY_MODEL_GIL }, { "processes", LAB_REPLAY_MODEL_PROCESSES },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (id, kinds[i].id) == 0)
      return kinds[i].kind;
  return LAB_REPLAY_MODEL_OTHER;
}

static guint8
segment_key (const LabReplayPanel      *p,
             const LabSegment *s)
{
  if (p->kind == LAB_REPLAY_MODEL_OFFLOAD && s->state == LAB_STATE_RUNNING && s->worker > 0)
    return LAB_REPLAY_KEY_POOL;
  return s->state;
}

static void
push_event (GArray  *events,
            gint64   t_ns,
            guint32  task,
            guint8   key,
            guint8  *current)
{
  LabReplayChange e = { t_ns, task, key, *current };

  if (key == *current)
    return;
  g_array_append_val (events, e);
  *current = key;
}

/* Appends the events of one task, whose segments are @segs[0, n). */
static void
add_task_events (LabReplayPanel            *p,
                 const LabSegment *segs,
                 guint             n,
                 gint64            zero_ns)
{
  guint8 current = LAB_REPLAY_KEY_NONE;
  gint64 end = G_MININT64;
  gint64 last_t = G_MININT64;

  for (guint i = 0; i < n; i++)
    {
      const LabSegment *s = &segs[i];
      guint8 key = segment_key (p, s);
      gint64 begin = MAX (s->begin_ns - zero_ns, last_t);

      if (s->end_ns <= s->begin_ns)
        continue;
      if (current != LAB_REPLAY_KEY_NONE && begin > end + GAP_NS)
        push_event (p->events, end, s->task, LAB_REPLAY_KEY_NONE, &current);
      if (key != current)
        {
          push_event (p->events, begin, s->task, key, &current);
          last_t = begin;
        }
      end = MAX (end, s->end_ns - zero_ns);
    }
  if (current != LAB_REPLAY_KEY_NONE)
    push_event (p->events, MAX (end, last_t), segs[0].task, LAB_REPLAY_KEY_DONE, &current);
}

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data G_GNUC_UNUSED)
{
  const LabReplayChange *x = a, *y = b;

  return x->t_ns < y->t_ns ? -1 : x->t_ns > y->t_ns;
}

static gboolean
on_copy_segment_cb (const LabSegment *segment,
                    gpointer          user_data)
{
  g_array_append_vals (user_data, segment, 1);
  return TRUE;
}

static int
compare_begin (const void *a,
               const void *b)
{
  const LabSegment *x = a, *y = b;

  return x->begin_ns < y->begin_ns ? -1 : x->begin_ns > y->begin_ns;
}

/* The segments of @trace by (task, begin): bucketed by task in one pass,
 * then each task's few segments sorted, rather than one sort of them all. */
static GArray *
segments_by_task (LabTrace *trace,
                  guint     n_tasks)
{
  g_autoptr(GArray) raw = g_array_sized_new (FALSE, FALSE, sizeof (LabSegment),
                                             (guint) MIN (lab_trace_get_n_segments (trace),
                                                          G_MAXUINT));
  g_autofree guint *start = g_new0 (guint, n_tasks + 2);
  GArray *sorted;

  lab_trace_foreach_segment (trace, on_copy_segment_cb, raw);
  for (guint i = 0; i < raw->len; i++)
    {
      guint32 task = g_array_index (raw, LabSegment, i).task;

      start[MIN (task, n_tasks) + 1]++;
    }
  for (guint t = 1; t <= n_tasks + 1; t++)
    start[t] += start[t - 1];
  sorted = g_array_sized_new (FALSE, FALSE, sizeof (LabSegment), raw->len);
  g_array_set_size (sorted, raw->len);
  {
    g_autofree guint *fill = g_memdup2 (start, (n_tasks + 2) * sizeof (guint));

    for (guint i = 0; i < raw->len; i++)
      {
        const LabSegment *s = &g_array_index (raw, LabSegment, i);

        g_array_index (sorted, LabSegment, fill[MIN (s->task, n_tasks)]++) = *s;
      }
  }
  for (guint t = 0; t <= n_tasks; t++)
    if (start[t + 1] - start[t] > 1)
      qsort (&g_array_index (sorted, LabSegment, start[t]), start[t + 1] - start[t],
             sizeof (LabSegment), compare_begin);
  return sorted;
}

static void
build_panel (LabReplayPanel *p,
             LabComparison  *comparison,
             LabTrace       *trace)
{
  g_autoptr(GArray) segs = NULL;
  gint64 zero = lab_trace_get_begin_ns (trace);
  gint64 end = lab_trace_get_end_ns (trace) > 0 ? lab_trace_get_end_ns (trace)
                                                : lab_trace_get_last_ns (trace);
  guint first = 0;

  /* the chart's zero and length of a panel (lab-chart-layout.c) */
  if (zero == 0)
    zero = lab_comparison_get_begin_ns (comparison);
  p->model_id = g_strdup (lab_trace_get_model_id (trace));
  p->kind = model_kind (p->model_id);
  p->failed = lab_trace_get_error (trace) != NULL;
  p->duration_ns = MAX (end - zero, 0);
  p->n_tasks = lab_trace_get_n_tasks (trace);
  p->events = g_array_new (FALSE, FALSE, sizeof (LabReplayChange));
  segs = segments_by_task (trace, p->n_tasks);

  /* segments come sorted by (task, begin) */
  for (guint i = 1; i <= segs->len; i++)
    if (i == segs->len
        || g_array_index (segs, LabSegment, i).task != g_array_index (segs, LabSegment, first).task)
      {
        if (g_array_index (segs, LabSegment, first).task < p->n_tasks)
          add_task_events (p, &g_array_index (segs, LabSegment, first), i - first, zero);
        first = i;
      }
  /* stable, so the events of one task at one time keep their order */
  g_qsort_with_data (p->events->data, p->events->len, sizeof (LabReplayChange), compare_events,
                     NULL);

  p->key = g_new (guint8, MAX (p->n_tasks, 1));
  memset (p->key, LAB_REPLAY_KEY_NONE, MAX (p->n_tasks, 1));
  p->next = g_new (guint32, MAX (p->n_tasks, 1));
  p->prev = g_new (guint32, MAX (p->n_tasks, 1));
  for (guint k = 0; k < LAB_REPLAY_N_KEYS; k++)
    p->head[k] = LAB_REPLAY_NO_TASK;
}

static void
panel_clear (LabReplayPanel *p)
{
  g_free (p->model_id);
  g_clear_pointer (&p->events, g_array_unref);
  g_free (p->key);
  g_free (p->next);
  g_free (p->prev);
}

static int
compare_public_events (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data G_GNUC_UNUSED)
{
  const LabReplayEvent *x = a, *y = b;

  if (x->t_ns != y->t_ns)
    return x->t_ns < y->t_ns ? -1 : 1;
  return (int) x->panel - (int) y->panel;
}

static guint8
public_state (guint8 key)
{
  if (key == LAB_REPLAY_KEY_POOL)
    return LAB_STATE_RUNNING;
  return key >= LAB_N_STATES ? LAB_REPLAY_STATE_NONE : key;
}

/**
 * lab_replay_new:
 * @comparison: a comparison, best finished (a replay is a snapshot)
 *
 * Indexes the events of every panel of @comparison.
 *
 * Returns: (transfer full): the replay
 */
LabReplay *
lab_replay_new (LabComparison *comparison)
{
  LabReplay *self;

  g_return_val_if_fail (comparison != NULL, NULL);

  self = g_new0 (LabReplay, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->n_panels = MIN (lab_comparison_get_n_traces (comparison), G_MAXUINT16);
  self->panels = g_new0 (LabReplayPanel, MAX (self->n_panels, 1));
  self->events = g_array_new (FALSE, FALSE, sizeof (LabReplayEvent));
  for (guint i = 0; i < self->n_panels; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      LabReplayPanel *p = &self->panels[i];

      build_panel (p, comparison, trace);
      self->duration_ns = MAX (self->duration_ns, p->duration_ns);
      for (guint e = 0; e < p->events->len; e++)
        {
          const LabReplayChange *ev = &g_array_index (p->events, LabReplayChange, e);
          LabReplayEvent pub = { ev->t_ns, ev->task, (guint16) i,
                                 public_state (ev->key), public_state (ev->previous) };

          g_array_append_val (self->events, pub);
        }
    }
  g_qsort_with_data (self->events->data, self->events->len, sizeof (LabReplayEvent),
                     compare_public_events, NULL);
  return self;
}

/**
 * lab_replay_ref:
 * @self: a replay
 *
 * Returns: (transfer full): @self
 */
LabReplay *
lab_replay_ref (LabReplay *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * lab_replay_unref:
 * @self: (transfer full): a replay
 */
void
lab_replay_unref (LabReplay *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < self->n_panels; i++)
    panel_clear (&self->panels[i]);
  g_free (self->panels);
  g_array_unref (self->events);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/**
 * lab_replay_get_n_panels:
 * @self: a replay
 *
 * Returns: the number of panels (traces) it plays
 */
guint
lab_replay_get_n_panels (LabReplay *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_panels;
}

/**
 * lab_replay_get_duration_ns:
 * @self: a replay
 *
 * Returns: the length of the longest panel, where playback ends
 */
gint64
lab_replay_get_duration_ns (LabReplay *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->duration_ns;
}

/**
 * lab_replay_get_panel_duration_ns:
 * @self: a replay
 * @panel: a trace's index
 *
 * Returns: that panel's length (0 where there is no such panel)
 */
gint64
lab_replay_get_panel_duration_ns (LabReplay *self,
                                  guint      panel)
{
  g_return_val_if_fail (self != NULL, 0);

  return panel < self->n_panels ? self->panels[panel].duration_ns : 0;
}

/**
 * lab_replay_get_events:
 * @self: a replay
 * @n_events: (out): how many
 *
 * Returns: (transfer none) (array length=n_events): every event, by time
 */
const LabReplayEvent *
lab_replay_get_events (LabReplay *self,
                       gsize     *n_events)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  *n_events = self->events->len;
  return (const LabReplayEvent *) (gpointer) self->events->data;
}

/* The index of the first event later than @t_ns. */
static gsize
first_after (GArray *events,
             gsize   stride,
             gint64  t_ns)
{
  gsize lo = 0, hi = events->len;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      gint64 t = *(const gint64 *) (gconstpointer) (events->data + mid * stride);

      if (t <= t_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * lab_replay_next_event:
 * @self: a replay
 * @t_ns: a time, relative to the panels' zero
 * @out_ns: (out): the first event time after @t_ns
 *
 * Returns: %FALSE where no event comes after @t_ns
 */
gboolean
lab_replay_next_event (LabReplay *self,
                       gint64     t_ns,
                       gint64    *out_ns)
{
  gsize i;

  g_return_val_if_fail (self != NULL, FALSE);

  i = first_after (self->events, sizeof (LabReplayEvent), t_ns);
  if (i >= self->events->len)
    return FALSE;
  if (out_ns != NULL)
    *out_ns = g_array_index (self->events, LabReplayEvent, i).t_ns;
  return TRUE;
}

/**
 * lab_replay_previous_event:
 * @self: a replay
 * @t_ns: a time, relative to the panels' zero
 * @out_ns: (out): the last event time before @t_ns
 *
 * Returns: %FALSE where no event comes before @t_ns
 */
gboolean
lab_replay_previous_event (LabReplay *self,
                           gint64     t_ns,
                           gint64    *out_ns)
{
  gsize i;

  g_return_val_if_fail (self != NULL, FALSE);

  if (t_ns == G_MININT64)
    return FALSE;
  i = first_after (self->events, sizeof (LabReplayEvent), t_ns - 1);
  if (i == 0)
    return FALSE;
  if (out_ns != NULL)
    *out_ns = g_array_index (self->events, LabReplayEvent, i - 1).t_ns;
  return TRUE;
}

/**
 * lab_replay_next_step:
 * @self: a replay
 * @t_ns: a time, relative to the panels' zero
 * @gap_ns: events closer than this are one moment
 * @out_ns: (out): the last event of the first moment after @t_ns
 *
 * Returns: %FALSE where no event comes after @t_ns
 */
gboolean
lab_replay_next_step (LabReplay *self,
                      gint64     t_ns,
                      gint64     gap_ns,
                      gint64    *out_ns)
{
  gint64 t, u;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!lab_replay_next_event (self, t_ns, &t))
    return FALSE;
  while (lab_replay_next_event (self, t, &u) && u - t < gap_ns)
    t = u;
  if (out_ns != NULL)
    *out_ns = t;
  return TRUE;
}

/**
 * lab_replay_previous_step:
 * @self: a replay
 * @t_ns: a time, relative to the panels' zero
 * @gap_ns: events closer than this are one moment
 * @out_ns: (out): the last event of the moment before the one at @t_ns
 *
 * Returns: %FALSE where no moment comes before @t_ns
 */
gboolean
lab_replay_previous_step (LabReplay *self,
                          gint64     t_ns,
                          gint64     gap_ns,
                          gint64    *out_ns)
{
  gint64 t = t_ns, u;

  g_return_val_if_fail (self != NULL, FALSE);

  /* back to the first event of the moment @t_ns is in, if it is in one */
  while (lab_replay_previous_event (self, t, &u) && t - u < gap_ns)
    t = u;
  if (!lab_replay_previous_event (self, t, &u))
    return FALSE;
  if (out_ns != NULL)
    *out_ns = u;
  return TRUE;
}

static void
list_remove (LabReplayPanel   *p,
             guint32  task)
{
  guint8 k = p->key[task];

  if (k == LAB_REPLAY_KEY_NONE)
    return;
  if (p->prev[task] != LAB_REPLAY_NO_TASK)
    p->next[p->prev[task]] = p->next[task];
  else
    p->head[k] = p->next[task];
  if (p->next[task] != LAB_REPLAY_NO_TASK)
    p->prev[p->next[task]] = p->prev[task];
  p->count[k]--;
  p->key[task] = LAB_REPLAY_KEY_NONE;
}

static void
list_insert (LabReplayPanel   *p,
             guint32  task,
             guint8   k)
{
  p->key[task] = k;
  if (k == LAB_REPLAY_KEY_NONE)
    return;
  p->prev[task] = LAB_REPLAY_NO_TASK;
  p->next[task] = p->head[k];
  if (p->head[k] != LAB_REPLAY_NO_TASK)
    p->prev[p->head[k]] = task;
  p->head[k] = task;
  p->count[k]++;
}

/* Applies (or with @undo, takes back) every event up to @t_ns. */
static void
panel_seek (LabReplayPanel  *p,
            gint64  t_ns)
{
  const LabReplayChange *ev = (const LabReplayChange *) (gpointer) p->events->data;
  gsize n = p->events->len;

  while (p->pos < n && ev[p->pos].t_ns <= t_ns)
    {
      const LabReplayChange *e = &ev[p->pos++];

      list_remove (p, e->task);
      list_insert (p, e->task, e->key);
    }
  while (p->pos > 0 && ev[p->pos - 1].t_ns > t_ns)
    {
      const LabReplayChange *e = &ev[--p->pos];

      list_remove (p, e->task);
      list_insert (p, e->task, e->previous);
    }
}

/**
 * lab_replay_dup_caption:
 * @self: a replay
 * @panel: a trace's index
 * @t_ns: a time, relative to the panel's zero
 *
 * Returns: (transfer full) (nullable): one translated line narrating what
 *   happens in @panel at @t_ns, or %NULL where there is no such panel
 */
char *
lab_replay_dup_caption (LabReplay *self,
                        guint      panel,
                        gint64     t_ns)
{
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  if (panel >= self->n_panels)
    return NULL;
  g_mutex_lock (&self->lock);
  panel_seek (&self->panels[panel], t_ns);
  text = _lab_replay_panel_caption (&self->panels[panel], t_ns);
  g_mutex_unlock (&self->lock);
  return text;
}

/**
 * lab_replay_dup_captions:
 * @self: a replay
 * @t_ns: a time, relative to the panels' zero
 *
 * Returns: (transfer full): a caption per panel, %NULL-terminated
 */
char **
lab_replay_dup_captions (LabReplay *self,
                         gint64     t_ns)
{
  GStrvBuilder *builder;
  char **lines;

  g_return_val_if_fail (self != NULL, NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->n_panels; i++)
    {
      g_autofree char *line = lab_replay_dup_caption (self, i, t_ns);

      g_strv_builder_add (builder, line);
    }
  lines = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return lines;
}
