/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-event-loop"

#include "config.h"

#include <string.h>

#include "lab-model-event-loop-private.h"

/*
 * The event loop's timers, earliest deadline first, in two parts.
 *
 * Waits of one length started one after another (ten thousand connections,
 * a gather of sleeps) set their deadlines in order: those go to a queue
 * that stays sorted by construction, where setting and taking a timer cost
 * O(1) and read memory in order. Any other deadline goes to a binary
 * min-heap, O(log n). The earliest timer is the earlier of the two heads.
 * With a million waits in the heap alone, each pop walked twenty levels of
 * a 24 MB array, a cache miss at each: that was most of the loop's time.
 */

/* The queue drops the timers it has handed out once they are more than
 * half of it, so that it never holds more than twice the open waits. */
#define QUEUE_COMPACT_MIN 1024

static inline gboolean
timer_before (const LabLoopTimer *a,
              const LabLoopTimer *b)
{
  return a->deadline_ns < b->deadline_ns
         || (a->deadline_ns == b->deadline_ns && a->seq < b->seq);
}

void
_lab_loop_timers_init (LabLoopTimers *timers,
                       guint          capacity)
{
  /* As large as it can grow, so that it never moves: its pages are only
   * touched (made resident) as waits fill them. */
  timers->queue = g_array_sized_new (FALSE, FALSE, sizeof (LabLoopTimer), capacity);
  timers->queue_head = 0;
  timers->heap = g_array_new (FALSE, FALSE, sizeof (LabLoopTimer));
  timers->seq = 0;
}

void
_lab_loop_timers_clear (LabLoopTimers *timers)
{
  g_clear_pointer (&timers->queue, g_array_unref);
  g_clear_pointer (&timers->heap, g_array_unref);
}

guint
_lab_loop_timers_count (const LabLoopTimers *timers)
{
  return timers->queue->len - timers->queue_head + timers->heap->len;
}

/* The @index-th open timer, in no particular order. */
LabLoopTimer *
_lab_loop_timers_at (LabLoopTimers *timers,
                     guint          index)
{
  guint in_queue = timers->queue->len - timers->queue_head;

  if (index < in_queue)
    return &g_array_index (timers->queue, LabLoopTimer, timers->queue_head + index);
  return &g_array_index (timers->heap, LabLoopTimer, index - in_queue);
}

static void
heap_push (GArray             *heap,
           const LabLoopTimer *timer)
{
  LabLoopTimer *data;
  guint i;

  g_array_append_vals (heap, timer, 1);
  data = (LabLoopTimer *) (gpointer) heap->data;
  for (i = heap->len - 1; i > 0; )
    {
      guint parent = (i - 1) / 2;

      if (!timer_before (timer, &data[parent]))
        break;
      data[i] = data[parent];
      i = parent;
    }
  data[i] = *timer;
}

static LabLoopTimer
heap_pop (GArray *heap)
{
  LabLoopTimer *data = (LabLoopTimer *) (gpointer) heap->data;
  LabLoopTimer top = data[0];
  LabLoopTimer last = data[heap->len - 1];
  guint n = heap->len - 1;
  guint i = 0;

  g_array_set_size (heap, n);
  if (n == 0)
    return top;
  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && timer_before (&data[child + 1], &data[child]))
        child++;
      if (!timer_before (&data[child], &last))
        break;
      data[i] = data[child];
      i = child;
    }
  data[i] = last;
  return top;
}

void
_lab_loop_timers_push (LabLoopTimers *timers,
                       gint64         begin_ns,
                       gint64         deadline_ns,
                       guint32        task)
{
  LabLoopTimer timer = { deadline_ns, begin_ns, task, timers->seq++ };
  GArray *queue = timers->queue;

  if (timers->queue_head == queue->len
      || !timer_before (&timer, &g_array_index (queue, LabLoopTimer, queue->len - 1)))
    g_array_append_val (queue, timer);
  else
    heap_push (timers->heap, &timer);
}

const LabLoopTimer *
_lab_loop_timers_peek (const LabLoopTimers *timers)
{
  const LabLoopTimer *queued = NULL;
  const LabLoopTimer *heaped = NULL;

  if (timers->queue_head < timers->queue->len)
    queued = &g_array_index (timers->queue, LabLoopTimer, timers->queue_head);
  if (timers->heap->len > 0)
    heaped = &g_array_index (timers->heap, LabLoopTimer, 0);
  if (queued == NULL)
    return heaped;
  if (heaped == NULL)
    return queued;
  return timer_before (heaped, queued) ? heaped : queued;
}

/* Takes the earliest timer; there must be one. */
LabLoopTimer
_lab_loop_timers_pop (LabLoopTimers *timers)
{
  GArray *queue = timers->queue;
  const LabLoopTimer *first = _lab_loop_timers_peek (timers);
  LabLoopTimer timer;
  guint left;

  g_assert (first != NULL);
  if (timers->heap->len > 0 && first == &g_array_index (timers->heap, LabLoopTimer, 0))
    return heap_pop (timers->heap);

  timer = *first;
  timers->queue_head++;
  left = queue->len - timers->queue_head;
  if (left == 0)
    {
      g_array_set_size (queue, 0);
      timers->queue_head = 0;
    }
  else if (timers->queue_head >= QUEUE_COMPACT_MIN && timers->queue_head > left)
    {
      memmove (queue->data, &g_array_index (queue, LabLoopTimer, timers->queue_head),
               (gsize) left * sizeof (LabLoopTimer));
      g_array_set_size (queue, left);
      timers->queue_head = 0;
    }
  return timer;
}
