/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-error.h"
#include "lab-trace-json-private.h"
#include "lab-trace-private.h"

/*
 * The strips' records in a saved comparison (the GIL's, the loop's and the
 * memory samples): exactly in metadata, as columns of integers (a run has
 * thousands of holds; a column each keeps the file short), and again as
 * events that Perfetto shows on tracks of their own. Loading checks every value, as lab-trace-json-read.c does for
 * the rest, and refuses holds or samples out of time order: the chart
 * looks them up by time.
 */

/* Writing */

static void
gil_events (LabTrace              *trace,
            guint                  model,
            gint64                 origin,
            LabTraceJsonNextEvent  next_event,
            gpointer               writer)
{
  g_autoptr(GArray) holds = lab_trace_copy_lock_holds (trace);
  g_autoptr(GArray) requests = lab_trace_copy_lock_requests (trace);
  guint pid = LAB_TRACE_JSON_CORE_PID_BASE + model;
  gint64 last = lab_trace_get_last_ns (trace);
  GString *out;

  out = next_event (writer);
  g_string_append_printf (out, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%d,"
                          "\"args\":{\"name\":\"GIL holder\"}}", pid, LAB_TRACE_JSON_GIL_TID);
  for (guint i = 0; i < holds->len; i++)
    {
      const LabLockHold *h = &g_array_index (holds, LabLockHold, i);
      gint64 end = h->end_ns != 0 ? h->end_ns : MAX (last, h->begin_ns);

      out = next_event (writer);
      g_string_append_printf (out, "{\"ph\":\"X\",\"cat\":\"gil\",\"name\":\"task %u\","
                              "\"pid\":%u,\"tid\":%d,\"ts\":", h->task + 1, pid,
                              LAB_TRACE_JSON_GIL_TID);
      _lab_trace_json_append_us (out, h->begin_ns - origin);
      g_string_append (out, ",\"dur\":");
      _lab_trace_json_append_us (out, end - h->begin_ns);
      g_string_append_printf (out, ",\"args\":{\"worker\":%u,\"task\":%u}}", h->worker, h->task);
    }
  for (guint i = 0; i < requests->len; i++)
    {
      const LabLockRequest *r = &g_array_index (requests, LabLockRequest, i);

      out = next_event (writer);
      g_string_append_printf (out, "{\"ph\":\"i\",\"cat\":\"gil\",\"s\":\"t\",\"name\":"
                              "\"drop request\",\"pid\":%u,\"tid\":%d,\"ts\":", pid,
                              LAB_TRACE_JSON_GIL_TID);
      _lab_trace_json_append_us (out, r->t_ns - origin);
      g_string_append_printf (out, ",\"args\":{\"worker\":%u,\"holder\":%u}}", r->worker,
                              r->holder);
    }
}

static void
loop_events (LabTrace              *trace,
             guint                  model,
             gint64                 origin,
             LabTraceJsonNextEvent  next_event,
             gpointer               writer)
{
  g_autoptr(GArray) samples = lab_trace_copy_loop_samples (trace);
  g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (trace);
  GString *out;

  for (guint i = 0; i < samples->len; i++)
    {
      const LabLoopSample *s = &g_array_index (samples, LabLoopSample, i);

      out = next_event (writer);
      g_string_append_printf (out, "{\"ph\":\"C\",\"cat\":\"loop\",\"name\":\"loop lag\","
                              "\"pid\":%u,\"ts\":", model + 1);
      _lab_trace_json_append_us (out, s->t_ns - origin);
      g_string_append_printf (out, ",\"args\":{\"ms\":%.3f}}", s->lag_ns / 1e6);
      out = next_event (writer);
      g_string_append_printf (out, "{\"ph\":\"C\",\"cat\":\"loop\",\"name\":\"ready queue\","
                              "\"pid\":%u,\"ts\":", model + 1);
      _lab_trace_json_append_us (out, s->t_ns - origin);
      g_string_append_printf (out, ",\"args\":{\"tasks\":%u}}", s->ready);
    }
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);

      out = next_event (writer);
      g_string_append_printf (out, "{\"ph\":\"i\",\"cat\":\"loop\",\"s\":\"p\",\"name\":"
                              "\"task %u blocked the loop\",\"pid\":%u,\"tid\":0,\"ts\":",
                              b->task + 1, model + 1);
      _lab_trace_json_append_us (out, b->begin_ns - origin);
      g_string_append_printf (out, ",\"args\":{\"task\":%u,\"ms\":%.3f}}", b->task,
                              (b->end_ns - b->begin_ns) / 1e6);
    }
}

static void
memory_events (LabTrace              *trace,
               guint                  model,
               gint64                 origin,
               LabTraceJsonNextEvent  next_event,
               gpointer               writer)
{
  g_autoptr(GArray) samples = lab_trace_copy_memory (trace);

  /* A counter has no gaps in Perfetto: a sample not measured is left out
   * there (metadata keeps it). */
  for (guint i = 0; i < samples->len; i++)
    {
      const LabMemorySample *m = &g_array_index (samples, LabMemorySample, i);
      GString *out;

      if (m->rss_bytes == LAB_MEMORY_NOT_MEASURED)
        continue;
      out = next_event (writer);
      g_string_append_printf (out, "{\"ph\":\"C\",\"cat\":\"memory\",\"name\":\"memory\","
                              "\"pid\":%u,\"ts\":", model + 1);
      _lab_trace_json_append_us (out, m->t_ns - origin);
      g_string_append_printf (out, ",\"args\":{\"RSS MiB\":%.3f", m->rss_bytes / 1048576.0);
      if (m->pss_bytes != LAB_MEMORY_NOT_MEASURED)
        g_string_append_printf (out, ",\"PSS MiB\":%.3f", m->pss_bytes / 1048576.0);
      g_string_append (out, "}}");
    }
}

/**
 * _lab_trace_json_strip_events:
 *
 * Appends the Perfetto events of @trace's strips, each into the string
 * @next_event returns.
 */
void
_lab_trace_json_strip_events (LabTrace              *trace,
                              guint                  model,
                              gint64                 origin,
                              LabTraceJsonNextEvent  next_event,
                              gpointer               writer)
{
  if (lab_trace_has_lock (trace))
    gil_events (trace, model, origin, next_event, writer);
  if (lab_trace_has_loop_health (trace))
    loop_events (trace, model, origin, next_event, writer);
  if (lab_trace_has_memory (trace))
    memory_events (trace, model, origin, next_event, writer);
}

/* One column of @n integers taken from @records at @offset, @size apart. */
typedef enum { COL_I64, COL_U32, COL_U16, COL_U8 } ColumnType;

static void
build_column (JsonBuilder *b,
              const char  *name,
              GArray      *records,
              gsize        offset,
              ColumnType   type)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    {
      const guint8 *p = (const guint8 *) records->data
                        + (gsize) i * g_array_get_element_size (records) + offset;
      gint64 v;

      if (type == COL_I64)
        memcpy (&v, p, sizeof v);
      else if (type == COL_U32)
        v = *(const guint32 *) (gconstpointer) p;
      else if (type == COL_U16)
        v = *(const guint16 *) (gconstpointer) p;
      else
        v = *p;
      json_builder_add_int_value (b, v);
    }
  json_builder_end_array (b);
}

static void
build_memory (JsonBuilder *b,
              LabTrace    *trace)
{
  g_autoptr(GArray) samples = lab_trace_copy_memory (trace);

  json_builder_set_member_name (b, "memory");
  json_builder_begin_object (b);
  build_column (b, "t_ns", samples, G_STRUCT_OFFSET (LabMemorySample, t_ns), COL_I64);
  build_column (b, "rss_bytes", samples, G_STRUCT_OFFSET (LabMemorySample, rss_bytes), COL_I64);
  build_column (b, "pss_bytes", samples, G_STRUCT_OFFSET (LabMemorySample, pss_bytes), COL_I64);
  build_column (b, "workers_rss_bytes", samples,
                G_STRUCT_OFFSET (LabMemorySample, workers_rss_bytes), COL_I64);
  build_column (b, "workers_pss_bytes", samples,
                G_STRUCT_OFFSET (LabMemorySample, workers_pss_bytes), COL_I64);
  build_column (b, "trace_bytes", samples, G_STRUCT_OFFSET (LabMemorySample, trace_bytes),
                COL_I64);
  build_column (b, "workers", samples, G_STRUCT_OFFSET (LabMemorySample, n_workers), COL_U32);
  build_column (b, "source", samples, G_STRUCT_OFFSET (LabMemorySample, source), COL_U8);
  json_builder_end_object (b);
}

/**
 * _lab_trace_json_build_strips:
 *
 * Adds "gil", "loop" and "memory" to the model's metadata object being
 * built, where @trace recorded them.
 */
void
_lab_trace_json_build_strips (JsonBuilder *b,
                              LabTrace    *trace)
{
  if (lab_trace_has_lock (trace))
    {
      g_autoptr(GArray) holds = lab_trace_copy_lock_holds (trace);
      g_autoptr(GArray) requests = lab_trace_copy_lock_requests (trace);

      json_builder_set_member_name (b, "gil");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "holds");
      json_builder_begin_object (b);
      build_column (b, "begin_ns", holds, G_STRUCT_OFFSET (LabLockHold, begin_ns), COL_I64);
      build_column (b, "end_ns", holds, G_STRUCT_OFFSET (LabLockHold, end_ns), COL_I64);
      build_column (b, "worker", holds, G_STRUCT_OFFSET (LabLockHold, worker), COL_U16);
      build_column (b, "task", holds, G_STRUCT_OFFSET (LabLockHold, task), COL_U32);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "requests");
      json_builder_begin_object (b);
      build_column (b, "t_ns", requests, G_STRUCT_OFFSET (LabLockRequest, t_ns), COL_I64);
      build_column (b, "worker", requests, G_STRUCT_OFFSET (LabLockRequest, worker), COL_U16);
      build_column (b, "holder", requests, G_STRUCT_OFFSET (LabLockRequest, holder), COL_U16);
      build_column (b, "holder_task", requests, G_STRUCT_OFFSET (LabLockRequest, holder_task),
                    COL_U32);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  if (lab_trace_has_loop_health (trace))
    {
      g_autoptr(GArray) samples = lab_trace_copy_loop_samples (trace);
      g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (trace);

      json_builder_set_member_name (b, "loop");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "samples");
      json_builder_begin_object (b);
      build_column (b, "t_ns", samples, G_STRUCT_OFFSET (LabLoopSample, t_ns), COL_I64);
      build_column (b, "lag_ns", samples, G_STRUCT_OFFSET (LabLoopSample, lag_ns), COL_I64);
      build_column (b, "ready", samples, G_STRUCT_OFFSET (LabLoopSample, ready), COL_U32);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "blocks");
      json_builder_begin_object (b);
      build_column (b, "begin_ns", blocks, G_STRUCT_OFFSET (LabLoopBlock, begin_ns), COL_I64);
      build_column (b, "end_ns", blocks, G_STRUCT_OFFSET (LabLoopBlock, end_ns), COL_I64);
      build_column (b, "task", blocks, G_STRUCT_OFFSET (LabLoopBlock, task), COL_U32);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  if (lab_trace_has_memory (trace))
    build_memory (b, trace);
}

/* Reading */

/* The columns @keys of @object, all integers in [@min, @max] and all of
 * one length, into @values (column-major: values[k * n + i]). */
static gint64 *
read_columns (JsonObject        *object,
              const char        *ctx,
              const char *const *keys,
              const gint64      *min,
              const gint64      *max,
              guint              n_keys,
              guint             *n,
              GError           **error)
{
  g_autofree gint64 *values = NULL;
  JsonArray *columns[8];

  g_assert (n_keys <= G_N_ELEMENTS (columns));
  for (guint k = 0; k < n_keys; k++)
    {
      JsonNode *node = json_object_get_member (object, keys[k]);

      if (node == NULL)
        {
          _lab_trace_json_invalid (error, _("%s: “%s” is missing"), ctx, keys[k]);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          _lab_trace_json_invalid (error, _("%s: “%s” must be an array"), ctx, keys[k]);
          return NULL;
        }
      columns[k] = json_node_get_array (node);
      if (json_array_get_length (columns[k]) != json_array_get_length (columns[0]))
        {
          _lab_trace_json_invalid (error, _("%s: “%s” and “%s” differ in length"), ctx, keys[0],
                                   keys[k]);
          return NULL;
        }
    }
  *n = json_array_get_length (columns[0]);
  values = g_new (gint64, (gsize) n_keys * MAX (*n, 1));
  for (guint k = 0; k < n_keys; k++)
    for (guint i = 0; i < *n; i++)
      {
        JsonNode *v = json_array_get_element (columns[k], i);
        gint64 x;

        if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_INT64)
          {
            _lab_trace_json_invalid (error, _("%s: “%s” %u must be an integer"), ctx, keys[k], i);
            return NULL;
          }
        x = json_node_get_int (v);
        if (x < min[k] || x > max[k])
          {
            _lab_trace_json_invalid (error, _("%s: “%s” %u is out of range"), ctx, keys[k], i);
            return NULL;
          }
        values[(gsize) k * *n + i] = x;
      }
  return g_steal_pointer (&values);
}

static gboolean
read_gil (JsonObject *gil,
          const char *ctx,
          LabTrace   *trace,
          guint       n_tasks,
          GError    **error)
{
  static const char *const hold_keys[] = { "begin_ns", "end_ns", "worker", "task" };
  static const char *const request_keys[] = { "t_ns", "worker", "holder", "holder_task" };
  const gint64 min[] = { 0, 0, 0, 0 };
  const gint64 hold_max[] = { G_MAXINT64, G_MAXINT64, G_MAXUINT16, (gint64) n_tasks - 1 };
  const gint64 request_max[] = { G_MAXINT64, G_MAXUINT16, G_MAXUINT16, (gint64) n_tasks - 1 };
  g_autofree char *hctx = g_strdup_printf (_("%s: gil holds"), ctx);
  g_autofree char *rctx = g_strdup_printf (_("%s: gil requests"), ctx);
  g_autofree gint64 *h = NULL;
  g_autofree gint64 *r = NULL;
  JsonObject *holds, *requests;
  guint n_holds, n_requests;

  if (!_lab_trace_json_read_object (gil, ctx, "holds", &holds, error) ||
      !_lab_trace_json_read_object (gil, ctx, "requests", &requests, error))
    return FALSE;
  h = read_columns (holds, hctx, hold_keys, min, hold_max, 4, &n_holds, error);
  if (h == NULL)
    return FALSE;
  r = read_columns (requests, rctx, request_keys, min, request_max, 4, &n_requests, error);
  if (r == NULL)
    return FALSE;

  for (guint i = 0; i < n_holds; i++)
    {
      LabLockHold hold = { h[i], h[n_holds + i], (guint32) h[3 * n_holds + i],
                           (guint16) h[2 * n_holds + i], 0 };

      /* Only the last hold may still be open (end 0). */
      if ((hold.end_ns == 0 && i + 1 < n_holds) || (hold.end_ns != 0 && hold.end_ns < hold.begin_ns))
        return _lab_trace_json_invalid (error, _("%s: hold %u ends before it begins"), hctx, i);
      if (i > 0 && hold.begin_ns < h[n_holds + i - 1])
        return _lab_trace_json_invalid (error, _("%s: hold %u begins before the previous one ends"),
                                        hctx, i);
      _lab_trace_add_lock_hold (trace, &hold);
    }
  for (guint i = 0; i < n_requests; i++)
    {
      LabLockRequest request = { r[i], (guint32) r[3 * n_requests + i],
                                 (guint16) r[n_requests + i], (guint16) r[2 * n_requests + i] };

      if (i > 0 && request.t_ns < r[i - 1])
        return _lab_trace_json_invalid (error, _("%s: request %u is out of time order"), rctx, i);
      _lab_trace_add_lock_request (trace, &request);
    }
  return TRUE;
}

static gboolean
read_loop (JsonObject *loop,
           const char *ctx,
           LabTrace   *trace,
           guint       n_tasks,
           GError    **error)
{
  static const char *const sample_keys[] = { "t_ns", "lag_ns", "ready" };
  static const char *const block_keys[] = { "begin_ns", "end_ns", "task" };
  const gint64 min[] = { 0, 0, 0 };
  const gint64 sample_max[] = { G_MAXINT64, G_MAXINT64, G_MAXUINT32 };
  const gint64 block_max[] = { G_MAXINT64, G_MAXINT64, (gint64) n_tasks - 1 };
  g_autofree char *sctx = g_strdup_printf (_("%s: loop samples"), ctx);
  g_autofree char *bctx = g_strdup_printf (_("%s: loop blocks"), ctx);
  g_autofree gint64 *s = NULL;
  g_autofree gint64 *b = NULL;
  JsonObject *samples, *blocks;
  guint n_samples, n_blocks;

  if (!_lab_trace_json_read_object (loop, ctx, "samples", &samples, error) ||
      !_lab_trace_json_read_object (loop, ctx, "blocks", &blocks, error))
    return FALSE;
  s = read_columns (samples, sctx, sample_keys, min, sample_max, 3, &n_samples, error);
  if (s == NULL)
    return FALSE;
  b = read_columns (blocks, bctx, block_keys, min, block_max, 3, &n_blocks, error);
  if (b == NULL)
    return FALSE;

  for (guint i = 0; i < n_samples; i++)
    {
      LabLoopSample sample = { s[i], s[n_samples + i], (guint32) s[2 * n_samples + i], 0 };

      if (i > 0 && sample.t_ns < s[i - 1])
        return _lab_trace_json_invalid (error, _("%s: sample %u is out of time order"), sctx, i);
      _lab_trace_add_loop_sample (trace, &sample);
    }
  for (guint i = 0; i < n_blocks; i++)
    {
      gint64 begin = b[i], end = b[n_blocks + i];

      if (end - begin <= LAB_LOOP_BLOCK_MIN_NS || end < begin)
        return _lab_trace_json_invalid (error, _("%s: block %u lasts 10 ms or less"), bctx, i);
      lab_trace_loop_add_block (trace, (guint32) b[2 * n_blocks + i], begin, end);
    }
  return TRUE;
}

/* A sample is a gap (every figure -1, no source) or whole: workers' parts
 * within the totals, PSS no larger than RSS. */
static gboolean
check_memory_sample (const LabMemorySample *m)
{
  gboolean gap = m->rss_bytes == LAB_MEMORY_NOT_MEASURED;

  if (gap)
    return m->source == LAB_MEMORY_SOURCE_NONE && m->pss_bytes == LAB_MEMORY_NOT_MEASURED
           && m->workers_rss_bytes == LAB_MEMORY_NOT_MEASURED
           && m->workers_pss_bytes == LAB_MEMORY_NOT_MEASURED && m->n_workers == 0;
  if (m->source == LAB_MEMORY_SOURCE_NONE || m->workers_rss_bytes < 0
      || m->workers_rss_bytes > m->rss_bytes)
    return FALSE;
  if ((m->pss_bytes == LAB_MEMORY_NOT_MEASURED) != (m->source == LAB_MEMORY_SOURCE_STATM))
    return FALSE;
  if (m->pss_bytes == LAB_MEMORY_NOT_MEASURED)
    return TRUE;
  return m->pss_bytes <= m->rss_bytes && m->workers_pss_bytes >= 0
         && m->workers_pss_bytes <= m->pss_bytes;
}

static gboolean
read_memory (JsonObject *memory,
             const char *ctx,
             LabTrace   *trace,
             GError    **error)
{
  static const char *const keys[] = { "t_ns", "rss_bytes", "pss_bytes", "workers_rss_bytes",
                                      "workers_pss_bytes", "trace_bytes", "workers", "source" };
  const gint64 min[] = { 0, -1, -1, -1, -1, 0, 0, 0 };
  const gint64 max[] = { G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64,
                         G_MAXUINT32, LAB_N_MEMORY_SOURCES - 1 };
  g_autofree char *mctx = g_strdup_printf (_("%s: memory"), ctx);
  g_autofree gint64 *v = NULL;
  guint n;

  v = read_columns (memory, mctx, keys, min, max, G_N_ELEMENTS (keys), &n, error);
  if (v == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      LabMemorySample m = { v[i], v[n + i], v[2 * n + i], v[3 * n + i], v[4 * n + i],
                            v[5 * n + i], (guint32) v[6 * n + i], (guint8) v[7 * n + i], { 0 } };

      if (i > 0 && m.t_ns < v[i - 1])
        return _lab_trace_json_invalid (error, _("%s: sample %u is out of time order"), mctx, i);
      if (!check_memory_sample (&m))
        return _lab_trace_json_invalid (error, _("%s: sample %u does not add up"), mctx, i);
      lab_trace_add_memory (trace, &m);
    }
  return TRUE;
}

/**
 * _lab_trace_json_read_strips:
 * @model: a model's metadata
 * @ctx: where it is, for messages ("metadata: model 2")
 * @trace: the trace being loaded
 *
 * Reads "gil", "loop" and "memory" where present (files of earlier
 * versions have none of them).
 *
 * Returns: %FALSE with @error naming the bad field
 */
gboolean
_lab_trace_json_read_strips (JsonObject  *model,
                             const char  *ctx,
                             LabTrace    *trace,
                             GError     **error)
{
  guint n_tasks = lab_trace_get_n_tasks (trace);
  JsonObject *object;

  if (json_object_has_member (model, "gil"))
    {
      if (!_lab_trace_json_read_object (model, ctx, "gil", &object, error) ||
          !read_gil (object, ctx, trace, n_tasks, error))
        return FALSE;
    }
  if (json_object_has_member (model, "loop"))
    {
      if (!_lab_trace_json_read_object (model, ctx, "loop", &object, error) ||
          !read_loop (object, ctx, trace, n_tasks, error))
        return FALSE;
    }
  if (json_object_has_member (model, "memory"))
    {
      if (!_lab_trace_json_read_object (model, ctx, "memory", &object, error) ||
          !read_memory (object, ctx, trace, error))
        return FALSE;
    }
  return TRUE;
}
