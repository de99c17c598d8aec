/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace-json"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lab-chrome-trace.h"
#include "lab-error.h"
#include "lab-trace-json-private.h"

/* Instants beyond this many are counted, not drawn: a chart of ten
 * thousand marks says nothing more than one of a few hundred. */
#define MAX_MARKERS 2000

/* The threads of another tool's file: each is a named lane of the chart
 * and of the roster, far dearer than a task that only waits, so they stay
 * below the tenth of LAB_MAX_TASKS that computing tasks keep to. */
#define MAX_THREADS LAB_MAX_COMPUTING_TASKS

typedef struct
{
  gint64  begin_ns;
  gint64  end_ns;
  guint32 thread;     /* index into Reader.threads */
  guint32 name;       /* interned in the roster */
} Span;

typedef struct
{
  gint64  pid;
  char   *name;       /* from "process_name", or NULL */
  gint64  sort;
  guint   index;      /* in the roster, once added */
} Process;

typedef struct
{
  gint64  pid;
  gint64  tid;
  char   *name;       /* from "thread_name", or NULL */
  gint64  sort;
  GArray *open;       /* of Span: "B" waiting for its "E" */
  guint32 index;      /* in Reader.threads */
  guint32 task;       /* its lane; G_MAXUINT32: none */
  gboolean has_spans;
} Thread;

typedef struct
{
  gint64  pid;
  char   *name;
  GArray *samples;    /* of LabCounterSample */
} Counter;

typedef struct
{
  LabTrace   *trace;
  LabObserved *roster;
  GArray     *spans;       /* of Span */
  GPtrArray  *processes;   /* of Process* */
  GPtrArray  *threads;     /* of Thread* */
  GHashTable *process_of;  /* pid key -> Process* */
  GHashTable *thread_of;   /* "pid/tid" key -> Thread* */
  GHashTable *counters;    /* "pid/name" -> Counter* */
  GPtrArray  *counter_list; /* of Counter*, in the order first seen */
  gint64      offset_ns;   /* added to every time: the first event at 1 µs or later */
  gint64      last_ns;
  guint       n_markers;
  guint       skipped;     /* events of a kind not drawn */
  guint       unreadable;  /* events that lack what their kind needs */
  guint       unmatched;   /* "E" with no "B" */
  guint       idle_threads; /* named, with no span: no lane */
  guint       totals;      /* clang's "Total …" summaries: no time line */
} Reader;

static void
process_free (gpointer data)
{
  Process *p = data;

  g_free (p->name);
  g_free (p);
}

static void
thread_free (gpointer data)
{
  Thread *t = data;

  g_free (t->name);
  g_array_unref (t->open);
  g_free (t);
}

static void
counter_free (gpointer data)
{
  Counter *c = data;

  g_free (c->name);
  g_array_unref (c->samples);
  g_free (c);
}

/* A trace of the format that cannot be drawn. */
static gboolean
not_a_trace (GError    **error,
             const char *message)
{
  g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID, message);
  return FALSE;
}

/* pid and tid are numbers in most files, strings in some. */
static gboolean
read_id (JsonObject *event,
         const char *key,
         gint64     *out,
         const char **out_text)
{
  JsonNode *node = json_object_get_member (event, key);

  *out_text = NULL;
  if (node == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out_text = json_node_get_string (node);
      *out = (gint64) g_str_hash (*out_text);
    }
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE
           && fabs (json_node_get_double (node)) < 9.2e18)
    *out = (gint64) json_node_get_double (node);   /* within gint64: the cast is defined */
  else
    return FALSE;
  return TRUE;
}

/* A time in microseconds, as ns; FALSE where it is not a finite number
 * within a century. */
static gboolean
read_us (JsonObject *event,
         const char *key,
         gint64     *out_ns)
{
  JsonNode *node = json_object_get_member (event, key);
  double us;

  if (node == NULL || !_lab_trace_json_to_number (node, &us) || fabs (us) > 3.2e15)
    return FALSE;
  *out_ns = (gint64) llround (us * 1000.0);
  return TRUE;
}

static const char *
string_member (JsonObject *object,
               const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The kinds of event drawn: spans ("X", "B"/"E"), counters ("C") and
 * instants ("i", "I"); "M" only names. */
static gboolean
is_drawn (const char *ph)
{
  return ph != NULL && ph[0] != '\0' && ph[1] == '\0' && strchr ("XBECiI", ph[0]) != NULL;
}

static Process *
process_for (Reader     *r,
             gint64      pid,
             const char *pid_text)
{
  Process *p = g_hash_table_lookup (r->process_of, &pid);

  if (p != NULL)
    return p;
  p = g_new0 (Process, 1);
  p->pid = pid;
  p->name = pid_text != NULL ? g_strdup (pid_text) : NULL;
  p->sort = G_MAXINT64;
  g_ptr_array_add (r->processes, p);
  g_hash_table_insert (r->process_of, &p->pid, p);
  return p;
}

static Thread *
thread_for (Reader     *r,
            gint64      pid,
            gint64      tid,
            const char *tid_text)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, pid, tid);
  Thread *t = g_hash_table_lookup (r->thread_of, key);

  if (t != NULL)
    return t;
  t = g_new0 (Thread, 1);
  t->pid = pid;
  t->tid = tid;
  t->name = tid_text != NULL ? g_strdup (tid_text) : NULL;
  t->sort = G_MAXINT64;
  t->open = g_array_new (FALSE, FALSE, sizeof (Span));
  t->index = r->threads->len;
  g_ptr_array_add (r->threads, t);
  g_hash_table_insert (r->thread_of, g_steal_pointer (&key), t);
  return t;
}

/* "M": names and the order of processes and threads. */
static void
read_metadata (Reader     *r,
               JsonObject *event,
               gint64      pid,
               const char *pid_text,
               gint64      tid,
               const char *tid_text)
{
  const char *name = string_member (event, "name");
  JsonNode *args = json_object_get_member (event, "args");
  JsonObject *a;

  if (name == NULL || args == NULL || !JSON_NODE_HOLDS_OBJECT (args))
    {
      r->unreadable++;
      return;
    }
  a = json_node_get_object (args);
  if (strcmp (name, "process_name") == 0 && string_member (a, "name") != NULL)
    {
      Process *p = process_for (r, pid, pid_text);

      g_free (p->name);
      p->name = g_strdup (string_member (a, "name"));
    }
  else if (strcmp (name, "thread_name") == 0 && string_member (a, "name") != NULL)
    {
      Thread *t = thread_for (r, pid, tid, tid_text);

      process_for (r, pid, pid_text);
      g_free (t->name);
      t->name = g_strdup (string_member (a, "name"));
    }
  else if (strcmp (name, "process_sort_index") == 0 || strcmp (name, "thread_sort_index") == 0)
    {
      JsonNode *v = json_object_get_member (a, "sort_index");

      if (v == NULL || !_lab_trace_json_is_int (v))
        return;
      if (name[0] == 'p')
        process_for (r, pid, pid_text)->sort = json_node_get_int (v);
      else
        thread_for (r, pid, tid, tid_text)->sort = json_node_get_int (v);
    }
}

/* The event's name; with clang's "detail" (the file or function a step
 * worked on) after it, a path cut to its last part: "Source stdio.h". */
static guint32
span_name (Reader     *r,
           JsonObject *event)
{
  const char *name = string_member (event, "name");
  JsonNode *args = json_object_get_member (event, "args");
  const char *detail = args != NULL && JSON_NODE_HOLDS_OBJECT (args)
                         ? string_member (json_node_get_object (args), "detail") : NULL;
  g_autofree char *label = NULL;

  if (name == NULL || *name == '\0')
    name = "?";
  if (detail == NULL || *detail == '\0')
    return lab_observed_intern_name (r->roster, name);
  if (strrchr (detail, '/') != NULL && strrchr (detail, '/')[1] != '\0')
    detail = strrchr (detail, '/') + 1;
  label = g_strdup_printf ("%s %.60s", name, detail);
  return lab_observed_intern_name (r->roster, label);
}

static void
add_span (Reader *r,
          Thread *t,
          gint64  begin_ns,
          gint64  end_ns,
          guint32 name)
{
  Span s = { begin_ns, MAX (end_ns, begin_ns), t->index, name };

  t->has_spans = TRUE;
  g_array_append_val (r->spans, s);
  r->last_ns = MAX (r->last_ns, s.end_ns);
}

/* "C": one series per key of args ("name" alone for a single value). */
static void
read_counter (Reader     *r,
              JsonObject *event,
              Process    *p,
              gint64      t_ns)
{
  const char *name = string_member (event, "name");
  JsonNode *args = json_object_get_member (event, "args");
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  guint n_keys;

  if (name == NULL || args == NULL || !JSON_NODE_HOLDS_OBJECT (args))
    {
      r->unreadable++;
      return;
    }
  n_keys = json_object_get_size (json_node_get_object (args));
  json_object_iter_init (&iter, json_node_get_object (args));
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *series = n_keys == 1 ? g_strdup (name) : g_strdup_printf ("%s %s", name, key);
      g_autofree char *ckey = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", p->pid, series);
      LabCounterSample sample;
      Counter *counter;
      double v;

      if (!_lab_trace_json_to_number (value, &v))
        continue;
      counter = g_hash_table_lookup (r->counters, ckey);
      if (counter == NULL)
        {
          /* Added to the roster after their processes. */
          counter = g_new0 (Counter, 1);
          counter->pid = p->pid;
          counter->name = g_strdup (series);
          counter->samples = g_array_new (FALSE, FALSE, sizeof (LabCounterSample));
          g_hash_table_insert (r->counters, g_steal_pointer (&ckey), counter);
          g_ptr_array_add (r->counter_list, counter);
        }
      sample.t_ns = t_ns;
      sample.value = v;
      g_array_append_val (counter->samples, sample);
    }
}

/* clang's -ftime-trace ends with a summary written as spans: "Total
 * Frontend" from 0 for as long as every Frontend step took together, with
 * args {"count", "avg ms"}, each on a thread of its own. Time added up is
 * no time line: they get no lanes. */
static gboolean
is_total (JsonObject *event)
{
  const char *name = string_member (event, "name");
  JsonNode *args = json_object_get_member (event, "args");
  JsonObject *fields;

  if (name == NULL || !g_str_has_prefix (name, "Total ") || args == NULL
      || !JSON_NODE_HOLDS_OBJECT (args))
    return FALSE;
  fields = json_node_get_object (args);
  return json_object_has_member (fields, "count") && json_object_has_member (fields, "avg ms");
}

static void
read_event (Reader   *r,
            JsonNode *node)
{
  JsonObject *event;
  const char *ph, *pid_text, *tid_text;
  gint64 pid, tid, ts, dur;
  Thread *t;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      r->unreadable++;
      return;
    }
  event = json_node_get_object (node);
  ph = string_member (event, "ph");
  if (ph == NULL || ph[0] == '\0' || ph[1] != '\0'
      || !read_id (event, "pid", &pid, &pid_text) || !read_id (event, "tid", &tid, &tid_text))
    {
      r->unreadable++;
      return;
    }
  if (ph[0] == 'M')
    {
      read_metadata (r, event, pid, pid_text, tid, tid_text);
      return;
    }
  if (!is_drawn (ph))
    {
      r->skipped++;
      return;
    }
  if (!read_us (event, "ts", &ts))
    {
      r->unreadable++;
      return;
    }
  ts += r->offset_ns;
  r->last_ns = MAX (r->last_ns, ts);
  process_for (r, pid, pid_text);

  switch (ph[0])
    {
    case 'X':
      if (is_total (event))
        {
          r->totals++;
          break;
        }
      if (!read_us (event, "dur", &dur) || dur < 0)
        dur = 0;
      add_span (r, thread_for (r, pid, tid, tid_text), ts, ts + dur, span_name (r, event));
      break;
    case 'B':
      {
        Span s = { ts, 0, 0, span_name (r, event) };

        g_array_append_val (thread_for (r, pid, tid, tid_text)->open, s);
      }
      break;
    case 'E':
      t = thread_for (r, pid, tid, tid_text);
      if (t->open->len == 0)
        r->unmatched++;
      else
        {
          Span s = g_array_index (t->open, Span, t->open->len - 1);

          g_array_set_size (t->open, t->open->len - 1);
          add_span (r, t, s.begin_ns, ts, s.name);
        }
      break;
    case 'C':
      read_counter (r, event, process_for (r, pid, pid_text), ts);
      break;
    default:
      if (r->n_markers++ < MAX_MARKERS)
        {
          const char *name = string_member (event, "name");

          lab_trace_add_marker (r->trace, ts, name != NULL ? name : "?");
        }
      break;
    }
}

/* The earliest time, so that every time ends up positive. */
static gint64
earliest_ns (JsonArray *events)
{
  gint64 first = G_MAXINT64;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      gint64 ts;

      /* Only what is drawn: names ("M") carry a time of 0 in some files. */
      if (JSON_NODE_HOLDS_OBJECT (node)
          && is_drawn (string_member (json_node_get_object (node), "ph"))
          && read_us (json_node_get_object (node), "ts", &ts))
        first = MIN (first, ts);
    }
  return first;
}

static gint
compare_processes (gconstpointer a,
                   gconstpointer b)
{
  const Process *x = *(Process * const *) a;
  const Process *y = *(Process * const *) b;

  if (x->sort != y->sort)
    return x->sort < y->sort ? -1 : 1;
  return (x->pid > y->pid) - (x->pid < y->pid);
}

static gint
compare_threads (gconstpointer a,
                 gconstpointer b)
{
  const Thread *x = *(Thread * const *) a;
  const Thread *y = *(Thread * const *) b;

  if (x->pid != y->pid)
    return (x->pid > y->pid) - (x->pid < y->pid);
  if (x->sort != y->sort)
    return x->sort < y->sort ? -1 : 1;
  return (x->tid > y->tid) - (x->tid < y->tid);
}

/* Processes, then each one's threads, in the file's order. */
static void
build_roster (Reader *r)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  g_ptr_array_sort (r->processes, compare_processes);
  for (guint i = 0; i < r->processes->len; i++)
    {
      Process *p = g_ptr_array_index (r->processes, i);
      g_autofree char *fallback = g_strdup_printf (_("process %" G_GINT64_FORMAT), p->pid);

      p->index = lab_observed_add_process (r->roster, (gint32) CLAMP (p->pid, G_MININT32, G_MAXINT32),
                                           -1, p->name != NULL ? p->name : fallback, "",
                                           r->offset_ns);
    }
  for (guint i = 0; i < r->threads->len; i++)
    g_ptr_array_add (threads, g_ptr_array_index (r->threads, i));
  g_ptr_array_sort (threads, compare_threads);
  for (guint i = 0; i < threads->len; i++)
    {
      Thread *t = g_ptr_array_index (threads, i);
      Process *p = g_hash_table_lookup (r->process_of, &t->pid);
      g_autofree char *fallback = g_strdup_printf (_("thread %" G_GINT64_FORMAT), t->tid);

      /* A thread the file only names did nothing in it: no lane. */
      if (!t->has_spans)
        {
          t->task = G_MAXUINT32;
          r->idle_threads++;
          continue;
        }

      t->task = lab_trace_add_observed_task (r->trace, LAB_OBSERVED_SPANS, p->index,
                                             (gint32) CLAMP (t->tid, G_MININT32, G_MAXINT32),
                                             t->name != NULL ? t->name : fallback, r->offset_ns);
    }
  for (guint i = 0; i < r->counter_list->len; i++)
    {
      Counter *c = g_ptr_array_index (r->counter_list, i);
      Process *p = g_hash_table_lookup (r->process_of, &c->pid);
      guint index = lab_observed_add_counter (r->roster, p->index, c->name);

      for (guint k = 0; k < c->samples->len; k++)
        lab_observed_counter_add (r->roster, index, g_array_index (c->samples, LabCounterSample, k).t_ns,
                                  g_array_index (c->samples, LabCounterSample, k).value);
    }
}

static gint
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a;
  const Span *y = b;

  if (x->thread != y->thread)
    return x->thread < y->thread ? -1 : 1;
  if (x->begin_ns != y->begin_ns)
    return x->begin_ns < y->begin_ns ? -1 : 1;
  /* The outer of two spans that begin together first. */
  return (x->end_ns < y->end_ns) - (x->end_ns > y->end_ns);
}

/* Each span with its depth; each thread's time inside any span as
 * `running` segments. */
static void
record_spans (Reader *r)
{
  LabTraceWriter *writer = lab_trace_get_writer (r->trace, 0);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint32 thread = G_MAXUINT32;
  gint64 run_begin = 0, run_end = -1;
  guint32 task = 0;

  g_array_sort (r->spans, compare_spans);
  for (guint i = 0; i <= r->spans->len; i++)
    {
      const Span *s = i < r->spans->len ? &g_array_index (r->spans, Span, i) : NULL;
      LabNamedSpan named = { 0 };

      if (s == NULL || s->thread != thread || s->begin_ns > run_end)
        {
          if (thread != G_MAXUINT32 && run_end > run_begin)
            lab_trace_writer_add (writer, task, LAB_STATE_RUNNING, -1, run_begin, run_end);
          if (s == NULL)
            break;
          if (s->thread != thread)
            g_array_set_size (stack, 0);
          thread = s->thread;
          task = ((Thread *) g_ptr_array_index (r->threads, thread))->task;
          run_begin = s->begin_ns;
          run_end = s->end_ns;
        }
      run_end = MAX (run_end, s->end_ns);
      while (stack->len > 0 && g_array_index (stack, gint64, stack->len - 1) <= s->begin_ns)
        g_array_set_size (stack, stack->len - 1);
      named.begin_ns = s->begin_ns;
      named.end_ns = s->end_ns;
      named.task = task;
      named.depth = (guint16) MIN (stack->len, G_MAXUINT16);
      named.name = s->name;
      lab_observed_add_span (r->roster, &named);
      g_array_append_val (stack, s->end_ns);
    }
}

/* A begin with no end was still going when the recording stopped. */
static void
close_open_spans (Reader *r)
{
  for (guint i = 0; i < r->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (r->threads, i);

      for (guint k = 0; k < t->open->len; k++)
        {
          Span s = g_array_index (t->open, Span, k);

          add_span (r, t, s.begin_ns, r->last_ns, s.name);
        }
      g_array_set_size (t->open, 0);
    }
}

/* What the file holds that is not drawn, said on the chart. */
static void
note_left_out (Reader *r)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint past = r->n_markers > MAX_MARKERS ? r->n_markers - MAX_MARKERS : 0;

  /* TRANSLATORS: the parts of a note on a chart of another tool's trace,
   * after "not drawn: " */
  if (r->skipped > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               ", %u event of other kinds (async, flow, samples)",
                                               ", %u events of other kinds (async, flow, samples)",
                                               r->skipped), r->skipped);
  if (r->unreadable > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u malformed event",
                                               ", %u malformed events", r->unreadable),
                            r->unreadable);
  if (r->unmatched > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u end without a begin",
                                               ", %u ends without a begin", r->unmatched),
                            r->unmatched);
  if (past > 0)
    g_string_append_printf (text, _(", %u instants past the first %u"), past, MAX_MARKERS);
  if (r->totals > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               ", %u total of a step's time (a summary, no time line)",
                                               ", %u totals of a step's time (a summary, no time line)",
                                               r->totals), r->totals);
  if (r->idle_threads > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u thread with nothing in it",
                                               ", %u threads with nothing in them",
                                               r->idle_threads), r->idle_threads);
  if (text->len == 0)
    return;
  /* TRANSLATORS: a note on a chart of another tool's trace: what it holds
   * that is not drawn */
  g_string_prepend (text, _("not drawn: "));
  /* the first part's ", " */
  g_string_erase (text, strlen (_("not drawn: ")), 2);
  lab_observed_set_note (r->roster, text->str);
}

/* The events list: the whole array, or "traceEvents" of an object. An
 * array cut short (the format allows leaving out its "]") is closed. */
static JsonParser *
parse (const char  *data,
       gsize        length,
       JsonArray  **out_events,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;

  if (!_lab_trace_json_check_shape (data, length, FALSE, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &json_error))
    {
      g_autoptr(GString) closed = g_string_new_len (data, (gssize) length);

      while (closed->len > 0 && strchr (" \t\r\n,", closed->str[closed->len - 1]) != NULL)
        g_string_truncate (closed, closed->len - 1);
      g_string_append_c (closed, ']');
      if (closed->str[strspn (closed->str, " \t\r\n")] != '['
          || !json_parser_load_from_data (parser, closed->str, (gssize) closed->len, NULL))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, _("not valid JSON: %s"),
                       json_error->message);
          return NULL;
        }
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    *out_events = json_node_get_array (root);
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
           && json_object_has_member (json_node_get_object (root), "traceEvents")
           && JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "traceEvents")))
    *out_events = json_object_get_array_member (json_node_get_object (root), "traceEvents");
  else
    {
      /* JSON, but not of this format either. */
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_NOT_TRACE,
                           _("not a trace: neither a list of events nor an object with "
                             "“traceEvents”"));
      return NULL;
    }
  return g_steal_pointer (&parser);
}

/**
 * lab_chrome_trace_from_json:
 * @data: the file's text
 * @length: its length, or -1 if it ends with a NUL
 * @title: (nullable): what to call it (the file's name)
 * @error: a #LabError saying what is wrong
 *
 * Returns: (transfer full) (nullable): a comparison of one observed trace
 */
LabComparison *
lab_chrome_trace_from_json (const char  *data,
                            gssize       length,
                            const char  *title,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(LabComparison) comparison = NULL;
  JsonArray *events = NULL;
  Reader r = { 0 };
  gint64 first;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len == 0)
    return not_a_trace (error, _("the file is empty")), NULL;
  if ((gint64) len > LAB_CHROME_TRACE_MAX_BYTES)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("the trace is larger than %d MiB, more than can be drawn"),
                   (int) (LAB_CHROME_TRACE_MAX_BYTES >> 20));
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, (gssize) len, NULL))
    return not_a_trace (error, _("not UTF-8 text")), NULL;
  parser = parse (data, len, &events, error);
  if (parser == NULL)
    return NULL;
  if (json_array_get_length (events) > LAB_CHROME_TRACE_MAX_EVENTS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("the trace has %u events, more than the %d that can be drawn"),
                   json_array_get_length (events), LAB_CHROME_TRACE_MAX_EVENTS);
      return NULL;
    }
  first = earliest_ns (events);
  if (first == G_MAXINT64)
    return not_a_trace (error, _("the trace has no event with a time")), NULL;

  r.trace = lab_trace_new_observed (LAB_CHROME_TRACE_MODEL_ID, 1);
  r.roster = lab_trace_get_observed (r.trace);
  r.spans = g_array_new (FALSE, FALSE, sizeof (Span));
  r.processes = g_ptr_array_new_with_free_func (process_free);
  r.threads = g_ptr_array_new_with_free_func (thread_free);
  r.process_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  r.thread_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.counter_list = g_ptr_array_new_with_free_func (counter_free);
  /* Times stay as the file has them, moved only where they would not be
   * positive (clang's start at 0). */
  r.offset_ns = first > 0 ? 0 : 1000 - first;
  r.last_ns = first + r.offset_ns;

  for (guint i = 0; i < json_array_get_length (events); i++)
    read_event (&r, json_array_get_element (events, i));
  close_open_spans (&r);

  if (r.spans->len == 0 && r.counter_list->len == 0)
    not_a_trace (error, _("the trace has no spans of work (“X”, “B”/“E”) and no counters"));
  else if (r.threads->len > MAX_THREADS)
    g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, _("the trace has more than %d threads"),
                 MAX_THREADS);
  else
    {
      build_roster (&r);
      record_spans (&r);
      lab_observed_set_title (r.roster, title);
      note_left_out (&r);
      lab_trace_begin (r.trace, first + r.offset_ns);
      lab_trace_end (r.trace, MAX (r.last_ns, first + r.offset_ns + 1));
      for (guint32 k = 0; k < lab_trace_get_n_tasks (r.trace); k++)
        lab_trace_task_done (r.trace, k);
      comparison = lab_comparison_new_observed (LAB_CHROME_TRACE_MODEL_ID, 1);
      lab_comparison_set_n_expected (comparison, 1);
      lab_comparison_add_trace (comparison, r.trace);
    }

  g_hash_table_unref (r.counters);
  g_ptr_array_unref (r.counter_list);
  g_hash_table_unref (r.thread_of);
  g_hash_table_unref (r.process_of);
  g_ptr_array_unref (r.threads);
  g_ptr_array_unref (r.processes);
  g_array_unref (r.spans);
  lab_trace_unref (r.trace);
  return g_steal_pointer (&comparison);
}
