/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab-clock.h"
#include "lab-python-tasks.h"

/* A file whose last line is the module's idle mark holds every record:
 * a record after the mark is written at once. Then a lane's open state
 * may be handed to the chart up to now, less this margin for a record
 * being written while the file is read; otherwise only up to the file's
 * last record, as steps begun since may still be in the module's batch. */
#define SETTLED_NS (250 * LAB_NS_PER_MS)
/* A line longer than this is not one of the module's. */
#define MAX_LINE 1024

typedef struct
{
  guint32  task;       /* lane, or G_MAXUINT32 before it has one */
  LabState state;      /* LAB_N_STATES: nothing drawn (awaits other tasks) */
  gint64   since_ns;
  gboolean done;
} PyTask;

typedef struct
{
  gint32      pid;
  char       *path;
  gint64      offset;
  GString    *partial;
  GHashTable *tasks;   /* number -> PyTask* */
  gint64      last_ns; /* the latest record read */
  gboolean    idle;    /* the last line read is the idle mark */
} PyFile;

struct _LabPythonTasks
{
  LabTrace   *trace;
  char       *folder;
  GHashTable *files;   /* name -> PyFile* */
};

static void
py_file_free (gpointer data)
{
  PyFile *f = data;

  g_free (f->path);
  g_string_free (f->partial, TRUE);
  g_hash_table_unref (f->tasks);
  g_free (f);
}

LabPythonTasks *
lab_python_tasks_new (LabTrace  *trace,
                      GError   **error)
{
  g_autofree char *folder = NULL;
  LabPythonTasks *self;

  g_return_val_if_fail (trace != NULL, NULL);

  folder = g_dir_make_tmp ("concurrency-lab-tasks-XXXXXX", error);
  if (folder == NULL)
    return NULL;
  self = g_new0 (LabPythonTasks, 1);
  self->trace = lab_trace_ref (trace);
  self->folder = g_steal_pointer (&folder);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, py_file_free);
  return self;
}

const char *
lab_python_tasks_get_folder (LabPythonTasks *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->folder;
}

/* Ends @t's current state at @t_ns and starts @state there. */
static void
change (LabTraceWriter *writer,
        PyTask         *t,
        LabState        state,
        gint64          t_ns)
{
  t_ns = MAX (t_ns, t->since_ns);
  if (t->state != LAB_N_STATES && t_ns > t->since_ns)
    lab_trace_writer_add (writer, t->task, t->state, -1, t->since_ns, t_ns);
  t->state = state;
  t->since_ns = t_ns;
}

static LabState
state_of_wait (char kind)
{
  switch (kind)
    {
    case 'w':
      return LAB_STATE_WAITING_IO;
    case 'l':
      return LAB_STATE_WAITING_LOCK;
    default:
      return LAB_N_STATES;
    }
}

/* One record: "EVENT T TID N [REST]". Lines that do not parse are
 * skipped: the file is written by the program's own process. */
static void
read_line (LabPythonTasks *self,
           LabProcSampler *sampler,
           PyFile         *f,
           char           *line)
{
  LabTraceWriter *writer = lab_proc_sampler_get_writer (sampler);
  char event;
  gint64 t_ns, tid, number;
  char *p = line + 1, *end;
  PyTask *t;

  event = line[0];
  if (strchr ("NRBEI", event) == NULL || *p != ' ')
    return;
  t_ns = g_ascii_strtoll (p, &end, 10);
  tid = end != p ? g_ascii_strtoll (p = end, &end, 10) : 0;
  if (event == 'I')
    {
      if (end != p && t_ns > 0 && tid > 0)
        {
          f->last_ns = MAX (f->last_ns, t_ns);
          f->idle = TRUE;
        }
      return;
    }
  number = end != p ? g_ascii_strtoll (p = end, &end, 10) : 0;
  if (end == p || t_ns <= 0 || tid <= 0 || number <= 0)
    return;
  while (*end == ' ')
    end++;
  f->last_ns = MAX (f->last_ns, t_ns);
  f->idle = FALSE;

  t = g_hash_table_lookup (f->tasks, GINT_TO_POINTER ((gint) number));
  if (event == 'N')
    {
      guint process = lab_proc_sampler_find_process (sampler, f->pid);

      if (t != NULL || process == G_MAXUINT)
        return;
      t = g_new0 (PyTask, 1);
      t->task = lab_trace_add_observed_task (self->trace, LAB_OBSERVED_ASYNC_TASK, process,
                                             (gint32) tid, *end != '\0' ? end : "Task", t_ns);
      t->state = LAB_N_STATES;
      t->since_ns = t_ns;
      g_hash_table_insert (f->tasks, GINT_TO_POINTER ((gint) number), t);
      return;
    }
  if (t == NULL || t->task == G_MAXUINT32 || t->done)
    return;
  if (event == 'R')
    {
      if (t->state != LAB_STATE_READY)
        change (writer, t, LAB_STATE_READY, t_ns);
    }
  else if (event == 'B')
    change (writer, t, LAB_STATE_RUNNING, t_ns);
  else if (*end == 'd')
    {
      change (writer, t, LAB_N_STATES, t_ns);
      t->done = TRUE;
      lab_observed_task_ended (lab_trace_get_observed (self->trace), t->task, t_ns);
      lab_trace_task_done (self->trace, t->task);
    }
  else
    change (writer, t, state_of_wait (*end), t_ns);
}

static void
read_file (LabPythonTasks *self,
           LabProcSampler *sampler,
           PyFile         *f)
{
  char buf[16384];
  int fd = open (f->path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return;
  for (;;)
    {
      gssize n = pread (fd, buf, sizeof buf, f->offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      f->offset += n;
      for (gssize i = 0; i < n; i++)
        {
          if (buf[i] != '\n')
            {
              if (f->partial->len < MAX_LINE)
                g_string_append_c (f->partial, buf[i]);
              continue;
            }
          if (f->partial->len < MAX_LINE)
            read_line (self, sampler, f, f->partial->str);
          g_string_truncate (f->partial, 0);
        }
    }
  close (fd);
}

/* Files named PID.tasks, one per process that imported asyncio. */
static void
find_files (LabPythonTasks *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      char *end;
      long pid = strtol (name, &end, 10);
      PyFile *f;

      if (pid <= 0 || pid > G_MAXINT32 || strcmp (end, ".tasks") != 0
          || g_hash_table_contains (self->files, name))
        continue;
      f = g_new0 (PyFile, 1);
      f->pid = (gint32) pid;
      f->path = g_build_filename (self->folder, name, NULL);
      f->partial = g_string_new (NULL);
      f->tasks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      g_hash_table_insert (self->files, g_strdup (name), f);
    }
}

/* Hands what is surely over to the trace, so that a long wait grows live:
 * up to @now_ns less the margin where the file holds every record, else
 * up to its last record. */
static void
publish (PyFile         *f,
         LabTraceWriter *writer,
         gint64          now_ns)
{
  gint64 upto_ns = f->idle ? MAX (now_ns - SETTLED_NS, f->last_ns) : f->last_ns;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, f->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PyTask *t = value;

      if (!t->done && t->state != LAB_N_STATES && upto_ns - t->since_ns > SETTLED_NS)
        change (writer, t, t->state, upto_ns);
    }
}

/* Looks for new files, then reads each file's new records and hands the
 * file to @then before the next file is read, so that what @then writes
 * keeps its place among the records. */
static void
read_each_file (LabPythonTasks *self,
                LabProcSampler *sampler,
                void          (*then) (LabPythonTasks *self,
                                       LabProcSampler *sampler,
                                       PyFile         *f,
                                       gint64          now_ns),
                gint64          now_ns)
{
  GHashTableIter iter;
  gpointer value;

  find_files (self);
  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      read_file (self, sampler, value);
      then (self, sampler, value, now_ns);
    }
}

static void
publish_file (LabPythonTasks *self,
              LabProcSampler *sampler,
              PyFile         *f,
              gint64          now_ns)
{
  publish (f, lab_proc_sampler_get_writer (sampler), now_ns);
}

void
lab_python_tasks_poll (LabPythonTasks *self,
                       LabProcSampler *sampler,
                       gint64          now_ns)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (sampler != NULL);

  read_each_file (self, sampler, publish_file, now_ns);
}

/* The folder and whatever the program wrote into it. */
static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

/* A lane not seen to finish ends at its last record: what came after is
 * not known. */
static void
end_unfinished (LabPythonTasks *self,
                LabProcSampler *sampler,
                PyFile         *f,
                gint64          now_ns)
{
  GHashTableIter tasks;
  gpointer t;

  g_hash_table_iter_init (&tasks, f->tasks);
  while (g_hash_table_iter_next (&tasks, NULL, &t))
    if (!((PyTask *) t)->done)
      {
        lab_observed_task_ended (lab_trace_get_observed (self->trace), ((PyTask *) t)->task,
                                 ((PyTask *) t)->since_ns);
        lab_trace_task_cancelled (self->trace, ((PyTask *) t)->task);
      }
}

void
lab_python_tasks_finish (LabPythonTasks *self,
                         LabProcSampler *sampler)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (sampler != NULL);

  read_each_file (self, sampler, end_unfinished, 0);
  remove_folder (self->folder);
}

void
lab_python_tasks_free (LabPythonTasks *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->files);
  g_free (self->folder);
  lab_trace_unref (self->trace);
  g_free (self);
}
