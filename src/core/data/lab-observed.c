/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observed"

#include "config.h"

#include <string.h>

#include "lab-observed.h"
#include "lab-observed-private.h"
#include "lab-trace.h"

/* Names are cut to this many bytes: a lane label, not a document. */
#define MAX_NAME_BYTES 256
/* A command line is kept to this many bytes (arguments can be huge). */
#define MAX_COMMAND_BYTES 4096

typedef struct
{
  guint   process;
  char   *name;
  GArray *samples;   /* of LabCounterSample */
} Counter;

struct _LabObserved
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  char           *title;
  char           *note;
  GArray         *processes;   /* of LabObservedProcess */
  GArray         *tasks;       /* of LabObservedTask */
  GArray         *first_tasks; /* of guint32, per process: its first task + 1; 0: none yet */
  GPtrArray      *names;       /* of char*, index = name id */
  GHashTable     *name_ids;    /* char* (owned by names) -> id + 1 */
  GArray         *spans;       /* of LabNamedSpan */
  GPtrArray      *counters;    /* of Counter* */
  LabSamplingNote sampling;
};

G_DEFINE_BOXED_TYPE (LabObserved, lab_observed, lab_observed_ref, lab_observed_unref)

static const char * const kind_names[LAB_N_OBSERVED_KINDS] = {
  "thread", "async-task", "spans",
};

static void
counter_free (gpointer data)
{
  Counter *counter = data;

  g_free (counter->name);
  g_array_unref (counter->samples);
  g_free (counter);
}

/* A name as a lane can show it: valid UTF-8, one line, not too long. */
static char *
clean_text (const char *text,
            gsize       max_bytes)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  const char *end;

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  if (strlen (valid) <= max_bytes)
    return g_steal_pointer (&valid);
  /* Cut on a character boundary. */
  end = g_utf8_find_prev_char (valid, valid + max_bytes + 1);
  return g_strndup (valid, end != NULL ? (gsize) (end - valid) : 0);
}

LabObserved *
lab_observed_new (void)
{
  LabObserved *self = g_new0 (LabObserved, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->processes = g_array_new (FALSE, TRUE, sizeof (LabObservedProcess));
  g_array_set_clear_func (self->processes, (GDestroyNotify) lab_observed_process_clear);
  self->tasks = g_array_new (FALSE, TRUE, sizeof (LabObservedTask));
  g_array_set_clear_func (self->tasks, (GDestroyNotify) lab_observed_task_clear);
  self->first_tasks = g_array_new (FALSE, TRUE, sizeof (guint32));
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->name_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->spans = g_array_new (FALSE, FALSE, sizeof (LabNamedSpan));
  self->counters = g_ptr_array_new_with_free_func (counter_free);
  return self;
}

LabObserved *
lab_observed_ref (LabObserved *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lab_observed_unref (LabObserved *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->processes);
  g_array_unref (self->tasks);
  g_array_unref (self->first_tasks);
  g_hash_table_unref (self->name_ids);
  g_ptr_array_unref (self->names);
  g_array_unref (self->spans);
  g_ptr_array_unref (self->counters);
  g_free (self->title);
  g_free (self->note);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/**
 * lab_observed_is_measured:
 * @self: a roster
 *
 * Returns: %TRUE for a program traced from the kernel's counters, whose
 *   `running` is CPU time on a known core; %FALSE for another tool's file,
 *   whose spans say only that named work was under way
 */
gboolean
lab_observed_is_measured (LabObserved *self)
{
  LabObservedTask info;
  gboolean spans;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!lab_observed_copy_task (self, 0, &info))
    return TRUE;
  spans = info.kind == LAB_OBSERVED_SPANS;
  lab_observed_task_clear (&info);
  return !spans;
}

/**
 * lab_observed_dup_title:
 * @self: a roster
 *
 * Returns: (transfer full) (nullable): what was traced, as the user wrote
 *   it ("python3 gil.py"), or the name of the file it was read from
 */
char *
lab_observed_dup_title (LabObserved *self)
{
  char *title;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  title = g_strdup (self->title);
  g_mutex_unlock (&self->mutex);
  return title;
}

void
lab_observed_set_title (LabObserved *self,
                        const char  *title)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_free (self->title);
  self->title = title != NULL ? clean_text (title, MAX_COMMAND_BYTES) : NULL;
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_observed_dup_note:
 * @self: a roster
 *
 * Returns: (transfer full) (nullable): what the trace holds that is not
 *   drawn, in words, or %NULL
 */
char *
lab_observed_dup_note (LabObserved *self)
{
  char *note;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  note = g_strdup (self->note);
  g_mutex_unlock (&self->mutex);
  return note;
}

void
lab_observed_set_note (LabObserved *self,
                       const char  *note)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_free (self->note);
  self->note = note != NULL && *note != '\0' ? clean_text (note, MAX_COMMAND_BYTES) : NULL;
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_observed_add_process:
 * @self: a roster
 * @pid: the process id
 * @parent: the index of its parent in the roster, or -1
 * @name: its short name
 * @command: (nullable): its command line
 * @begin_ns: when it started or was first seen
 *
 * Returns: the index of the new process
 */
guint
lab_observed_add_process (LabObserved *self,
                          gint32       pid,
                          gint32       parent,
                          const char  *name,
                          const char  *command,
                          gint64       begin_ns)
{
  LabObservedProcess process = { 0 };
  guint index;

  g_return_val_if_fail (self != NULL, 0);

  process.pid = pid;
  process.parent = parent;
  process.name = clean_text (name, MAX_NAME_BYTES);
  process.command = clean_text (command, MAX_COMMAND_BYTES);
  process.begin_ns = begin_ns;
  process.exit_status = -1;
  g_mutex_lock (&self->mutex);
  /* A parent must come first; one that does not is not known. */
  if (parent >= (gint32) self->processes->len)
    process.parent = -1;
  g_array_append_val (self->processes, process);
  index = self->processes->len - 1;
  g_mutex_unlock (&self->mutex);
  return index;
}

/* A process that execs changes its name and command line. */
void
lab_observed_process_rename (LabObserved *self,
                             guint        process,
                             const char  *name,
                             const char  *command)
{
  LabObservedProcess *p;

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (process < self->processes->len)
    {
      p = &g_array_index (self->processes, LabObservedProcess, process);
      if (name != NULL)
        {
          g_free (p->name);
          p->name = clean_text (name, MAX_NAME_BYTES);
        }
      if (command != NULL)
        {
          g_free (p->command);
          p->command = clean_text (command, MAX_COMMAND_BYTES);
        }
    }
  g_mutex_unlock (&self->mutex);
}

void
lab_observed_process_exited (LabObserved *self,
                             guint        process,
                             gint64       end_ns,
                             gint         exit_status)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (process < self->processes->len)
    {
      LabObservedProcess *p = &g_array_index (self->processes, LabObservedProcess, process);

      if (p->end_ns == 0)
        p->end_ns = end_ns;
      if (exit_status != -1)
        p->exit_status = exit_status;
    }
  g_mutex_unlock (&self->mutex);
}

guint
lab_observed_get_n_processes (LabObserved *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = self->processes->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * lab_observed_copy_process:
 * @self: a roster
 * @process: an index
 * @out: (out caller-allocates): the process, to be cleared with
 *   lab_observed_process_clear()
 *
 * Returns: %FALSE where @process is out of range
 */
gboolean
lab_observed_copy_process (LabObserved        *self,
                           guint               process,
                           LabObservedProcess *out)
{
  gboolean found;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  g_mutex_lock (&self->mutex);
  found = process < self->processes->len;
  if (found)
    {
      *out = g_array_index (self->processes, LabObservedProcess, process);
      out->name = g_strdup (out->name);
      out->command = g_strdup (out->command);
    }
  g_mutex_unlock (&self->mutex);
  return found;
}

void
lab_observed_process_clear (LabObservedProcess *process)
{
  g_clear_pointer (&process->name, g_free);
  g_clear_pointer (&process->command, g_free);
}

guint32
_lab_observed_add_task (LabObserved     *self,
                        LabObservedKind  kind,
                        guint            process,
                        gint32           tid,
                        const char      *name,
                        gint64           begin_ns)
{
  LabObservedTask task = { 0 };
  guint32 index;

  task.kind = kind;
  task.process = process;
  task.tid = tid;
  task.name = clean_text (name, MAX_NAME_BYTES);
  task.begin_ns = begin_ns;
  g_mutex_lock (&self->mutex);
  g_array_append_val (self->tasks, task);
  index = self->tasks->len - 1;
  if (process >= self->first_tasks->len)
    g_array_set_size (self->first_tasks, process + 1);
  if (g_array_index (self->first_tasks, guint32, process) == 0)
    g_array_index (self->first_tasks, guint32, process) = index + 1;
  g_mutex_unlock (&self->mutex);
  return index;
}

/**
 * lab_observed_copy_task:
 * @self: a roster
 * @task: a task index
 * @out: (out caller-allocates): the task, to be cleared with
 *   lab_observed_task_clear()
 *
 * Returns: %FALSE where @task is out of range
 */
gboolean
lab_observed_copy_task (LabObserved     *self,
                        guint32          task,
                        LabObservedTask *out)
{
  gboolean found;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  g_mutex_lock (&self->mutex);
  found = task < self->tasks->len;
  if (found)
    {
      *out = g_array_index (self->tasks, LabObservedTask, task);
      out->name = g_strdup (out->name);
    }
  g_mutex_unlock (&self->mutex);
  return found;
}

void
lab_observed_task_clear (LabObservedTask *task)
{
  g_clear_pointer (&task->name, g_free);
}

/* A thread renames itself (pthread_setname_np, Python's threading). */
void
lab_observed_task_rename (LabObserved *self,
                          guint32      task,
                          const char  *name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  g_mutex_lock (&self->mutex);
  if (task < self->tasks->len)
    {
      LabObservedTask *t = &g_array_index (self->tasks, LabObservedTask, task);

      g_free (t->name);
      t->name = clean_text (name, MAX_NAME_BYTES);
    }
  g_mutex_unlock (&self->mutex);
}

void
lab_observed_task_ended (LabObserved *self,
                         guint32      task,
                         gint64       end_ns)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (task < self->tasks->len)
    {
      LabObservedTask *t = &g_array_index (self->tasks, LabObservedTask, task);

      if (t->end_ns == 0)
        t->end_ns = end_ns;
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * lab_observed_dup_task_label:
 * @self: a roster
 * @task: a task index
 *
 * The words a lane is labelled with: the task's name and its thread id,
 * "python3 4711" (a process's main thread carries the process's name), or
 * "Task-2" for an async task; the first lane of a process named apart
 * from it is prefixed with the process's name ("Browser: CrBrowserMain").
 *
 * Returns: (transfer full): the label; empty where @task is out of range
 */
char *
lab_observed_dup_task_label (LabObserved *self,
                             guint32      task)
{
  char *label;

  g_return_val_if_fail (self != NULL, g_strdup (""));

  g_mutex_lock (&self->mutex);
  if (task >= self->tasks->len)
    label = g_strdup ("");
  else
    {
      const LabObservedTask *t = &g_array_index (self->tasks, LabObservedTask, task);
      const LabObservedProcess *p = t->process < self->processes->len
                                      ? &g_array_index (self->processes, LabObservedProcess, t->process)
                                      : NULL;
      /* The first lane of a process whose name is not its thread's says
       * it: "Browser: CrBrowserMain". Kept as tasks are added, not
       * searched for: a file's every label is asked for. */
      gboolean first = g_array_index (self->first_tasks, guint32, t->process) == task + 1;
      if (t->kind == LAB_OBSERVED_THREAD && t->tid > 0)
        label = g_strdup_printf ("%s %d", t->name, t->tid);
      else
        label = g_strdup (t->name);
      if (first && p != NULL && g_strcmp0 (p->name, t->name) != 0 && p->name[0] != '\0')
        {
          char *prefixed = g_strdup_printf ("%s: %s", p->name, label);

          g_free (label);
          label = prefixed;
        }
    }
  g_mutex_unlock (&self->mutex);
  return label;
}

/**
 * lab_observed_intern_name:
 * @self: a roster
 * @name: a span's name
 *
 * Returns: the id of @name, the same for equal names
 */
guint32
lab_observed_intern_name (LabObserved *self,
                          const char  *name)
{
  g_autofree char *clean = NULL;
  gpointer id;
  guint32 result;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  clean = clean_text (name, MAX_NAME_BYTES);
  g_mutex_lock (&self->mutex);
  id = g_hash_table_lookup (self->name_ids, clean);
  if (id != NULL)
    result = GPOINTER_TO_UINT (id) - 1;
  else
    {
      result = self->names->len;
      g_ptr_array_add (self->names, g_strdup (clean));
      g_hash_table_insert (self->name_ids, g_ptr_array_index (self->names, result),
                           GUINT_TO_POINTER (result + 1));
    }
  g_mutex_unlock (&self->mutex);
  return result;
}

/**
 * lab_observed_dup_name:
 * @self: a roster
 * @name: a name id from lab_observed_intern_name()
 *
 * Returns: (transfer full) (nullable): the name, %NULL for an unknown id
 */
char *
lab_observed_dup_name (LabObserved *self,
                       guint32      name)
{
  char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  if (name < self->names->len)
    text = g_strdup (g_ptr_array_index (self->names, name));
  g_mutex_unlock (&self->mutex);
  return text;
}

void
lab_observed_add_span (LabObserved        *self,
                       const LabNamedSpan *span)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (span != NULL);
  g_return_if_fail (span->end_ns >= span->begin_ns);

  {
    /* Padding zeroed: copies compare and save byte for byte. */
    LabNamedSpan clean = { span->begin_ns, span->end_ns, span->task, span->depth, 0, span->name, 0 };

    g_mutex_lock (&self->mutex);
    g_array_append_val (self->spans, clean);
    g_mutex_unlock (&self->mutex);
  }
}

/**
 * lab_observed_copy_spans:
 * @self: a roster
 *
 * Returns: (transfer full): a #GArray of #LabNamedSpan, in the order added
 */
GArray *
lab_observed_copy_spans (LabObserved *self)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (LabNamedSpan));

  g_return_val_if_fail (self != NULL, copy);

  g_mutex_lock (&self->mutex);
  g_array_append_vals (copy, self->spans->data, self->spans->len);
  g_mutex_unlock (&self->mutex);
  return copy;
}

guint
lab_observed_add_counter (LabObserved *self,
                          guint        process,
                          const char  *name)
{
  Counter *counter;
  guint index;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  counter = g_new0 (Counter, 1);
  counter->process = process;
  counter->name = clean_text (name, MAX_NAME_BYTES);
  counter->samples = g_array_new (FALSE, FALSE, sizeof (LabCounterSample));
  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->counters, counter);
  index = self->counters->len - 1;
  g_mutex_unlock (&self->mutex);
  return index;
}

void
lab_observed_counter_add (LabObserved *self,
                          guint        counter,
                          gint64       t_ns,
                          double       value)
{
  LabCounterSample sample = { t_ns, value };

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (counter < self->counters->len)
    g_array_append_val (((Counter *) g_ptr_array_index (self->counters, counter))->samples, sample);
  g_mutex_unlock (&self->mutex);
}

guint
lab_observed_get_n_counters (LabObserved *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = self->counters->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * lab_observed_dup_counter_name:
 * @self: a roster
 * @counter: a counter index
 * @out_process: (out) (optional): the index of its process
 *
 * Returns: (transfer full) (nullable): its name, %NULL out of range
 */
char *
lab_observed_dup_counter_name (LabObserved *self,
                               guint        counter,
                               guint       *out_process)
{
  char *name = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  if (counter < self->counters->len)
    {
      const Counter *c = g_ptr_array_index (self->counters, counter);

      name = g_strdup (c->name);
      if (out_process != NULL)
        *out_process = c->process;
    }
  g_mutex_unlock (&self->mutex);
  return name;
}

/**
 * lab_observed_copy_counter:
 * @self: a roster
 * @counter: a counter index
 *
 * Returns: (transfer full): a #GArray of #LabCounterSample, in the order
 *   added; empty out of range
 */
GArray *
lab_observed_copy_counter (LabObserved *self,
                           guint        counter)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (LabCounterSample));

  g_return_val_if_fail (self != NULL, copy);

  g_mutex_lock (&self->mutex);
  if (counter < self->counters->len)
    {
      const Counter *c = g_ptr_array_index (self->counters, counter);

      g_array_append_vals (copy, c->samples->data, c->samples->len);
    }
  g_mutex_unlock (&self->mutex);
  return copy;
}

void
lab_observed_set_sampling (LabObserved           *self,
                           const LabSamplingNote *note)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (note != NULL);

  g_mutex_lock (&self->mutex);
  self->sampling = *note;
  g_mutex_unlock (&self->mutex);
}

void
lab_observed_get_sampling (LabObserved     *self,
                           LabSamplingNote *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  g_mutex_lock (&self->mutex);
  *out = self->sampling;
  g_mutex_unlock (&self->mutex);
}

const char *
lab_observed_kind_to_string (LabObservedKind kind)
{
  g_return_val_if_fail (kind < LAB_N_OBSERVED_KINDS, "thread");

  return kind_names[kind];
}

gboolean
lab_observed_kind_from_string (const char      *text,
                               LabObservedKind *out_kind)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint k = 0; k < LAB_N_OBSERVED_KINDS; k++)
    if (strcmp (text, kind_names[k]) == 0)
      {
        if (out_kind != NULL)
          *out_kind = (LabObservedKind) k;
        return TRUE;
      }
  return FALSE;
}

/**
 * lab_observed_dup_counter_peaks:
 * @self: the roster of a traced program, measured or loaded
 * @name: a counter's name, such as %LAB_OBSERVED_COUNTER_RSS
 *
 * One pass over the counters, for every process at once: a program of a
 * thousand processes has two thousand counters.
 *
 * Returns: (transfer full) (element-type gint64): per process of the
 *   roster, the largest value of its counters named @name, or
 *   %LAB_MEMORY_NOT_MEASURED where it has none
 */
GArray *
lab_observed_dup_counter_peaks (LabObserved *self,
                                const char  *name)
{
  GArray *peaks;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  peaks = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_mutex_lock (&self->mutex);
  g_array_set_size (peaks, self->processes->len);
  for (guint i = 0; i < peaks->len; i++)
    g_array_index (peaks, gint64, i) = LAB_MEMORY_NOT_MEASURED;
  for (guint c = 0; c < self->counters->len; c++)
    {
      const Counter *counter = g_ptr_array_index (self->counters, c);

      if (counter->process >= peaks->len || g_strcmp0 (counter->name, name) != 0)
        continue;
      for (guint i = 0; i < counter->samples->len; i++)
        {
          gint64 *peak = &g_array_index (peaks, gint64, counter->process);

          *peak = MAX (*peak, (gint64) g_array_index (counter->samples, LabCounterSample, i).value);
        }
    }
  g_mutex_unlock (&self->mutex);
  return peaks;
}
