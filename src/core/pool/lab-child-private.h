/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/*
 * A child process with a pipe to its standard input and one from its
 * standard output, started with posix_spawn() and reaped by its owner
 * (lab-child.c). Used by the process pool for its workers.
 *
 * One thread owns a LabChild: it starts it, reads and writes the pipes,
 * and waits for it. Other threads may only signal it, and only while
 * holding the @lock given to lab_child_wait() (the owner reaps under that
 * lock, so a signal never reaches a recycled pid).
 */
typedef struct
{
  pid_t    pid;       /* 0: not started */
  int      in_fd;     /* writes to the child's standard input; -1 once closed */
  int      out_fd;    /* reads the child's standard output; -1 once closed */
  gboolean reaped;    /* under the lock */
  int      status;    /* from waitpid(), once reaped */
} LabChild;

/* The most copies one lab_child_spawn() can ask for. */
#define LAB_CHILD_MAX_COPIES 7

/* Starts @argv[0] (an absolute path, no shell, no search) with the
 * caller's environment, its standard error, every signal at its default
 * and unblocked, and no other descriptor of this process. The calling
 * thread's CPU affinity is inherited.
 *
 * With @n_copies, the child also gets the pipes of that many more
 * processes, which it is to start itself as copies of itself (the worker's
 * --copies): copy j's standard input on descriptor 3 + 2j and its output
 * on 4 + 2j. @copies get their pipes here and their pid from
 * lab_child_adopt(). */
gboolean lab_child_spawn          (LabChild          *child,
                                   const char *const *argv,
                                   LabChild          *copies,
                                   guint              n_copies,
                                   GError           **error);
/* Takes @pid, said by a copy, as @child's process, if it is a child of
 * this process (copies are started as siblings, children of this process,
 * so that it reaps them). Call it with the lock held. */
gboolean lab_child_adopt          (LabChild          *child,
                                   pid_t              pid);
/* Sends @sig unless the child is reaped: call it from the owner, or with
 * the lock held. */
void     lab_child_signal         (LabChild          *child,
                                   int                sig);
/* Writes all of @length bytes; FALSE when the child's end is closed
 * (EPIPE: block SIGPIPE on the calling thread). */
gboolean lab_child_write_all      (LabChild          *child,
                                   const char        *data,
                                   gsize              length);
/* Reads what is there, up to @size bytes; 0 at end of file or on error. */
gssize   lab_child_read           (LabChild          *child,
                                   char              *buffer,
                                   gsize              size);
void     lab_child_close_in       (LabChild          *child);
/* Waits for the child to exit, then reaps it with @lock held. */
void     lab_child_wait           (LabChild          *child,
                                   GMutex            *lock);
/* Closes the pipes that are still open; the child must be reaped. */
void     lab_child_clear          (LabChild          *child);
/* After lab_child_wait(): how it ended. */
gboolean lab_child_get_if_signaled (const LabChild   *child);
int      lab_child_get_term_sig   (const LabChild    *child);
int      lab_child_get_exit_status (const LabChild   *child);

G_END_DECLS
