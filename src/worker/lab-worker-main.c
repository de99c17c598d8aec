/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-worker"

#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-task-exec.h"
#include "lab-worker-protocol.h"

/*
 * concurrency-lab-worker: one process of the process pool. It is started by
 * the `processes` model with an argv (no shell) and spoken to over its
 * standard input and output; see docs/WORKER-PROTOCOL.md.
 *
 * Start-up is kept to the minimum (no calibration: the parent passes its
 * own; no GObject type system, no main loop) because the chart shows it as
 * `spawning` and the pool is meant to be ready in a few milliseconds.
 */

/* For tests only: LAB_WORKER_FAULT=garbage|hang|exit[:TASK] makes the
 * worker misbehave on task TASK (on every task without it), and
 * LAB_WORKER_FAULT=nocopy makes it start none of its copies, so that the
 * parent's handling of a broken worker can be tested. Not for people. */
typedef enum
{
  FAULT_NONE,
  FAULT_GARBAGE,
  FAULT_HANG,
  FAULT_EXIT,
  FAULT_NO_COPIES,
} Fault;

static Fault fault = FAULT_NONE;
static gint64 fault_task = -1;

static void
read_fault (void)
{
  const char *text = g_getenv ("LAB_WORKER_FAULT");
  const char *colon;

  if (text == NULL || *text == '\0')
    return;
  if (g_str_has_prefix (text, "garbage"))
    fault = FAULT_GARBAGE;
  else if (g_str_has_prefix (text, "hang"))
    fault = FAULT_HANG;
  else if (g_str_has_prefix (text, "exit"))
    fault = FAULT_EXIT;
  else if (g_str_equal (text, "nocopy"))
    fault = FAULT_NO_COPIES;
  colon = strchr (text, ':');
  if (colon != NULL)
    fault_task = g_ascii_strtoll (colon + 1, NULL, 10);
}

/* One message, one write(): lines are shorter than PIPE_BUF, so the parent
 * never sees half a line from a worker that was killed. */
static void
send_line (const char *line,
           gsize       length)
{
  while (length > 0)
    {
      ssize_t n = write (STDOUT_FILENO, line, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (1);  /* the parent is gone: nobody to work for */
      line += n;
      length -= (gsize) n;
    }
}

static void
send_message (const LabWorkerMessage *message)
{
  char buffer[LAB_WORKER_MESSAGE_MAX];
  gsize length = lab_worker_message_encode (message, buffer, sizeof buffer);

  g_assert (length > 0);
  send_line (buffer, length);
}

static void
record_to_pipe (gpointer  data,
                guint32   task,
                LabState  state,
                gint      core,
                gint64    begin_ns,
                gint64    end_ns)
{
  LabWorkerMessage message = {
    .kind = LAB_WORKER_MESSAGE_SEGMENT,
    .task = task,
    .state = state,
    .core = CLAMP (core, -1, LAB_WORKER_MAX_CORE),
    .begin_ns = begin_ns,
    .end_ns = end_ns,
  };

  send_message (&message);
}

static void
inject_fault (guint32 task)
{
  if (fault == FAULT_NONE || (fault_task >= 0 && fault_task != task))
    return;
  switch (fault)
    {
    case FAULT_GARBAGE:
      send_line ("seg \x01\xff not a message\n", 23);
      break;
    case FAULT_HANG:
      for (;;)
        pause ();
    case FAULT_EXIT:
      _exit (3);
    default:
      break;
    }
}

static void
run_task (const LabWorkerMessage *task,
          double                  iterations_per_ms)
{
  LabRecorder recorder = { record_to_pipe, NULL };
  LabWorkerMessage reply = { .kind = LAB_WORKER_MESSAGE_START, .task = task->task };
  gint64 cpu_ns = 0;

  reply.t_ns = lab_clock_now_ns ();
  send_message (&reply);

  for (guint i = 0; i < task->n_phases; i++)
    {
      if (i == task->n_phases / 2)
        inject_fault (task->task);
      if (task->phases[i].kind == LAB_PHASE_CPU)
        {
          gint64 phase_cpu_ns = 0;

          lab_exec_cpu (&recorder, task->task,
                        lab_cpu_iterations_for (iterations_per_ms, task->phases[i].ns),
                        NULL, &phase_cpu_ns);
          cpu_ns += phase_cpu_ns;
        }
      else
        {
          lab_exec_wait (&recorder, task->task, task->phases[i].ns, NULL);
        }
    }

  reply.kind = LAB_WORKER_MESSAGE_DONE;
  reply.cpu_ns = cpu_ns;
  reply.t_ns = lab_clock_now_ns ();
  send_message (&reply);
}

/*
 * Starting copies. Starting a program costs far more than copying a small
 * running process, and program starts barely overlap (docs/PERFORMANCE.md),
 * so the parent starts one worker per group and hands it the pipes of up
 * to 7 more, which it starts as copies of itself before it serves: the
 * j-th copy (from 0) reads descriptor 3 + 2j and writes 4 + 2j
 * (docs/WORKER-PROTOCOL.md). As with Python's forkserver, the copies are
 * fresh processes that run nothing of the parent program.
 *
 * They are started with clone(CLONE_PARENT), so they are children of the
 * parent program, not of this worker: the parent waits for each of them
 * itself and learns how each one ended. Each copy says its pid in its
 * "ready". This worker is single-threaded and has not read its input yet,
 * so a copy starts with no lock held and no buffered input. glibc is not
 * told of the new process (no fork handlers run; its cached thread id is
 * this worker's), which nothing here depends on: a copy only reads,
 * writes, computes and sleeps.
 */
#define MAX_COPIES 7

static pid_t
clone_sibling (void)
{
#if defined(__s390__) || defined(__CRIS__)
  /* These take the stack first. */
  return (pid_t) syscall (SYS_clone, NULL, (long) (CLONE_PARENT | SIGCHLD), NULL, NULL, NULL);
#else
  return (pid_t) syscall (SYS_clone, (long) (CLONE_PARENT | SIGCHLD), NULL, NULL, NULL, NULL);
#endif
}

/* Returns in this worker and in every copy, each on its own pipes. The
 * copies are started as a binomial tree, so that copies start copies in
 * parallel: in the round of step 1, 2, 4..., every process numbered below
 * step starts the one numbered step higher (this worker is 0, the j-th
 * copy is j + 1). Seven copies take three rounds. A copy that cannot be started
 * is not: its pipes close, and the parent is told so by their end (the
 * copies it would have started are not started either). */
static void
start_copies (int n_copies)
{
  int self = 0;

  for (int step = 1; step <= n_copies && fault != FAULT_NO_COPIES; step *= 2)
    {
      int other = self + step;
      pid_t pid;

      if (self >= step || other > n_copies)
        continue;
      pid = clone_sibling ();
      if (pid == 0)
        {
          self = other;
          if (dup2 (3 + 2 * (self - 1), STDIN_FILENO) < 0
              || dup2 (4 + 2 * (self - 1), STDOUT_FILENO) < 0)
            _exit (1);
        }
      else if (pid < 0)
        {
          fprintf (stderr, "concurrency-lab-worker: could not start copy %d: %s\n", other,
                   g_strerror (errno));
        }
    }
  for (int fd = 3; fd < 3 + 2 * n_copies; fd++)
    close (fd);
}

/* Takes tasks from standard input until it closes. */
static int
serve (double iterations_per_ms)
{
  LabWorkerMessage ready = { .kind = LAB_WORKER_MESSAGE_READY,
                             .version = LAB_WORKER_PROTOCOL_VERSION,
                             .pid = (gint32) getpid () };
  char line[LAB_WORKER_MESSAGE_MAX + 2];

  send_message (&ready);
  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autoptr(GError) error = NULL;
      LabWorkerMessage message;

      if (!lab_worker_message_decode (line, strlen (line), &message, &error)
          || message.kind != LAB_WORKER_MESSAGE_TASK)
        {
          fprintf (stderr, "concurrency-lab-worker: %s\n",
                   error != NULL ? error->message : "expected a task");
          return 2;
        }
      run_task (&message, iterations_per_ms);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  gint protocol = 0;
  gint copies = 0;
  double calibration = 0;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { "protocol", 0, 0, G_OPTION_ARG_INT, &protocol,
      "Serve tasks on standard input in this protocol version", "VERSION" },
    { "calibration", 0, 0, G_OPTION_ARG_DOUBLE, &calibration,
      "Kernel iterations per millisecond, measured by the parent", "RATE" },
    { "copies", 0, 0, G_OPTION_ARG_INT, &copies,
      "Start this many more workers as copies, on descriptors 3 and up", "N" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "A worker process of Concurrency Lab's process pool; "
                                "started by the app, not by people.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "concurrency-lab-worker: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      printf ("concurrency-lab-worker %s (protocol %d)\n", PACKAGE_VERSION,
              LAB_WORKER_PROTOCOL_VERSION);
      return 0;
    }
  if (protocol != LAB_WORKER_PROTOCOL_VERSION)
    {
      fprintf (stderr, "concurrency-lab-worker: protocol %d asked, %d spoken\n",
               protocol, LAB_WORKER_PROTOCOL_VERSION);
      return 2;
    }
  if (!(calibration > 0) || !isfinite (calibration) || !lab_cpu_set_calibration (calibration))
    {
      fprintf (stderr, "concurrency-lab-worker: --calibration must be a positive number\n");
      return 2;
    }

  if (copies < 0 || copies > MAX_COPIES)
    {
      fprintf (stderr, "concurrency-lab-worker: --copies must be 0 to %d\n", MAX_COPIES);
      return 2;
    }

  read_fault ();
  start_copies (copies);
  return serve (calibration);
}
