/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-processes"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab-child-private.h"
#include "lab-error.h"

/*
 * Why not GSubprocess: it closes every inherited descriptor in the child
 * itself, which keeps GLib on fork(), and a fork copies the parent's page
 * tables and leaves the parent to take copy-on-write faults while the
 * child starts. posix_spawn() starts the child without copying (glibc
 * uses a vfork-style clone) and closes the descriptors with a file action
 * (closefrom). And the pool reaps its own children: each worker's thread
 * waits for its pid, so when a run returns no child is left, not even a
 * zombie waiting for GLib's SIGCHLD handling.
 */

extern char **environ;

/* The signals a child gets back at their default disposition, in case
 * this process ignores them; handled ones are reset by exec() anyway. */
static const int default_signals[] = {
  SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2,
};

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* The lowest descriptor a pipe end of this process may have: above every
 * descriptor a child is given (0, 1, and two per copy from 3 on), so that
 * no dup2() in the child overwrites a descriptor still to be duplicated,
 * and every dup2() really duplicates (and so clears close-on-exec), even
 * when this process has closed its own standard input or output. */
#define FIRST_FREE_FD (3 + 2 * LAB_CHILD_MAX_COPIES)

static void
close_pipe (int fds[2])
{
  close_fd (&fds[0]);
  close_fd (&fds[1]);
}

static gboolean
make_pipe (int      fds[2],
           GError **error)
{
  int saved = 0;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      saved = errno;
      fds[0] = fds[1] = -1;
    }
  for (int i = 0; saved == 0 && i < 2; i++)
    if (fds[i] < FIRST_FREE_FD)
      {
        int moved = fcntl (fds[i], F_DUPFD_CLOEXEC, FIRST_FREE_FD);

        if (moved < 0)
          saved = errno;
        close (fds[i]);
        fds[i] = moved;
      }
  if (saved == 0)
    return TRUE;
  close_pipe (fds);
  g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER, _("Could not make a pipe for a worker: %s"),
               g_strerror (saved));
  return FALSE;
}

/* Two pipes per process: [0] to its standard input, [1] from its output. */
typedef int Pipes[2][2];

static void
close_pipes (Pipes *pipes,
             guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      close_pipe (pipes[i][0]);
      close_pipe (pipes[i][1]);
    }
}

gboolean
lab_child_spawn (LabChild          *child,
                 const char *const *argv,
                 LabChild          *copies,
                 guint              n_copies,
                 GError           **error)
{
  Pipes pipes[1 + LAB_CHILD_MAX_COPIES];
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  sigset_t none, defaults;
  pid_t pid = 0;
  int failed;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL && g_path_is_absolute (argv[0]), FALSE);
  g_return_val_if_fail (n_copies <= LAB_CHILD_MAX_COPIES, FALSE);

  memset (pipes, 0xff, sizeof pipes);  /* every descriptor -1 */
  for (guint i = 0; i <= n_copies; i++)
    if (!make_pipe (pipes[i][0], error) || !make_pipe (pipes[i][1], error))
      {
        close_pipes (pipes, i + 1);
        return FALSE;
      }

  sigemptyset (&none);
  sigemptyset (&defaults);
  for (gsize i = 0; i < G_N_ELEMENTS (default_signals); i++)
    sigaddset (&defaults, default_signals[i]);

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, pipes[0][0][0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, pipes[0][1][1], STDOUT_FILENO);
  for (guint j = 0; j < n_copies; j++)
    {
      posix_spawn_file_actions_adddup2 (&actions, pipes[1 + j][0][0], 3 + 2 * (int) j);
      posix_spawn_file_actions_adddup2 (&actions, pipes[1 + j][1][1], 4 + 2 * (int) j);
    }
  /* Whatever another part of the program left open without close-on-exec
   * (a library, an inherited descriptor) does not reach the worker. */
  posix_spawn_file_actions_addclosefrom_np (&actions, 3 + 2 * (int) n_copies);
  posix_spawnattr_init (&attributes);
  posix_spawnattr_setsigmask (&attributes, &none);
  posix_spawnattr_setsigdefault (&attributes, &defaults);
  posix_spawnattr_setflags (&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  failed = posix_spawn (&pid, argv[0], &actions, &attributes, (char *const *) argv, environ);

  posix_spawnattr_destroy (&attributes);
  posix_spawn_file_actions_destroy (&actions);
  /* The child's ends are the child's now. */
  for (guint i = 0; i <= n_copies; i++)
    {
      close_fd (&pipes[i][0][0]);
      close_fd (&pipes[i][1][1]);
    }
  if (failed != 0)
    {
      close_pipes (pipes, n_copies + 1);
      g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER, _("Could not start “%s”: %s"), argv[0],
                   g_strerror (failed));
      return FALSE;
    }

  *child = (LabChild) { .pid = pid, .in_fd = pipes[0][0][1], .out_fd = pipes[0][1][0] };
  for (guint j = 0; j < n_copies; j++)
    copies[j] = (LabChild) { .in_fd = pipes[1 + j][0][1], .out_fd = pipes[1 + j][1][0] };
  return TRUE;
}

gboolean
lab_child_adopt (LabChild *child,
                 pid_t     pid)
{
  siginfo_t info = { 0 };

  g_return_val_if_fail (child->pid == 0, FALSE);

  /* Only a child of this process: a worker that names another process
   * must not get it signalled. Not reaped, so not recycled. */
  if (pid <= 0 || waitid (P_PID, (id_t) pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return FALSE;
  child->pid = pid;
  return TRUE;
}

void
lab_child_signal (LabChild *child,
                  int       sig)
{
  if (child->pid > 0 && !child->reaped)
    kill (child->pid, sig);
}

gboolean
lab_child_write_all (LabChild   *child,
                     const char *data,
                     gsize       length)
{
  while (length > 0 && child->in_fd >= 0)
    {
      gssize n = write (child->in_fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return length == 0;
}

gssize
lab_child_read (LabChild *child,
                char     *buffer,
                gsize     size)
{
  gssize n;

  if (child->out_fd < 0)
    return 0;
  do
    n = read (child->out_fd, buffer, size);
  while (n < 0 && errno == EINTR);
  return MAX (n, 0);
}

void
lab_child_close_in (LabChild *child)
{
  close_fd (&child->in_fd);
}

void
lab_child_wait (LabChild *child,
                GMutex   *lock)
{
  siginfo_t info;
  int status = 0;
  pid_t reaped;

  if (child->pid <= 0 || child->reaped)
    return;
  /* Wait without reaping, so the pid stays ours while others may still
   * signal it; then reap under the lock they signal under. */
  while (waitid (P_PID, (id_t) child->pid, &info, WEXITED | WNOWAIT) != 0 && errno == EINTR)
    ;
  g_mutex_lock (lock);
  do
    reaped = waitpid (child->pid, &status, 0);
  while (reaped < 0 && errno == EINTR);
  if (reaped < 0)
    {
      /* Only if someone else reaped it (SIGCHLD ignored, or waitpid(-1)
       * elsewhere in the program): its status is lost. */
      g_warning ("worker %d was reaped elsewhere: %s", (int) child->pid, g_strerror (errno));
      status = 0;
    }
  child->status = status;
  child->reaped = TRUE;
  g_mutex_unlock (lock);
}

void
lab_child_clear (LabChild *child)
{
  g_warn_if_fail (child->pid <= 0 || child->reaped);
  close_fd (&child->in_fd);
  close_fd (&child->out_fd);
}

gboolean
lab_child_get_if_signaled (const LabChild *child)
{
  return child->reaped && WIFSIGNALED (child->status);
}

int
lab_child_get_term_sig (const LabChild *child)
{
  return lab_child_get_if_signaled (child) ? WTERMSIG (child->status) : 0;
}

int
lab_child_get_exit_status (const LabChild *child)
{
  return child->reaped && WIFEXITED (child->status) ? WEXITSTATUS (child->status) : -1;
}
