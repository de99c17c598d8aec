/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace"

#include "config.h"

#include <string.h>

#include "lab-trace-private.h"

/*
 * An append-only log of fixed-size records with one writer at a time, for
 * the records kept beside the segments (the GIL's, the loop's, memory
 * samples). A writer fills a slot and then publishes the count with a
 * release store; chunk k holds 64 << k records and never moves, so a
 * reader on any thread (the chart, drawing live) loads the count with
 * acquire and reads that many records, no lock.
 */

#define LOG_FIRST 64

static inline guint
log_chunk_of (guint  index,
              guint *offset)
{
  guint k = g_bit_storage (index / LOG_FIRST + 1) - 1;

  *offset = index - LOG_FIRST * ((1u << k) - 1);
  return k;
}

/* The writer's side: a slot for the next record, published by
 * _lab_trace_log_publish(); NULL when the log is full. */
gpointer
_lab_trace_log_slot (LabTraceLog *log,
                     gsize        size)
{
  guint n = __atomic_load_n (&log->n, __ATOMIC_RELAXED);
  guint offset;
  guint k = log_chunk_of (n, &offset);
  guint8 *chunk;

  if (k >= LAB_TRACE_LOG_CHUNKS)
    return NULL;
  chunk = __atomic_load_n (&log->chunks[k], __ATOMIC_RELAXED);
  if (chunk == NULL)
    {
      chunk = g_malloc0 ((gsize) (LOG_FIRST << k) * size);
      __atomic_store_n (&log->chunks[k], chunk, __ATOMIC_RELEASE);
      __atomic_add_fetch (&log->allocated, (gint64) (LOG_FIRST << k) * (gint64) size,
                          __ATOMIC_RELAXED);
    }
  return chunk + (gsize) offset * size;
}

void
_lab_trace_log_publish (LabTraceLog *log)
{
  __atomic_add_fetch (&log->n, 1, __ATOMIC_RELEASE);
}

/* Record @index, which must be below a count already loaded. */
gpointer
_lab_trace_log_at (LabTraceLog *log,
                   guint        index,
                   gsize        size)
{
  guint offset;
  guint k = log_chunk_of (index, &offset);
  guint8 *chunk = __atomic_load_n (&log->chunks[k], __ATOMIC_ACQUIRE);

  return chunk + (gsize) offset * size;
}

void
_lab_trace_log_append (LabTraceLog   *log,
                       gconstpointer  record,
                       gsize          size)
{
  gpointer slot = _lab_trace_log_slot (log, size);

  if (slot == NULL)
    return;
  memcpy (slot, record, size);
  _lab_trace_log_publish (log);
}

guint
_lab_trace_log_length (LabTraceLog *log)
{
  return __atomic_load_n (&log->n, __ATOMIC_ACQUIRE);
}

/* The records published so far, copied as they were written: for the
 * logs whose records are final when published. */
GArray *
_lab_trace_log_copy (LabTraceLog *log,
                     gsize        size)
{
  guint n = _lab_trace_log_length (log);
  GArray *copy = g_array_sized_new (FALSE, FALSE, size, n);

  for (guint i = 0; i < n; i++)
    g_array_append_vals (copy, _lab_trace_log_at (log, i, size), 1);
  return copy;
}

gint64
_lab_trace_log_get_allocated (LabTraceLog *log)
{
  return __atomic_load_n (&log->allocated, __ATOMIC_RELAXED);
}

void
_lab_trace_log_free (LabTraceLog *log)
{
  for (guint k = 0; k < LAB_TRACE_LOG_CHUNKS; k++)
    g_clear_pointer (&log->chunks[k], g_free);
  log->n = 0;
  log->allocated = 0;
}
