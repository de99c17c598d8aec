/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab-spawn.h"
#include "lab-tracer.h"

/* What the child tells its parent when it cannot exec. */
typedef struct
{
  char what;     /* 'd': the folder, 'x': the exec */
  int  errsv;
} ChildError;

static struct rlimit original_files;
static gboolean files_raised;

void
lab_spawn_raise_file_limit (void)
{
  static gsize once = 0;

  if (!g_once_init_enter (&once))
    return;
  /* A thousand child processes are a few thousand open /proc files. */
  if (getrlimit (RLIMIT_NOFILE, &original_files) == 0 && original_files.rlim_cur < original_files.rlim_max)
    {
      struct rlimit raised = original_files;

      raised.rlim_cur = MIN (original_files.rlim_max, (rlim_t) 1 << 20);
      files_raised = setrlimit (RLIMIT_NOFILE, &raised) == 0;
    }
  g_once_init_leave (&once, 1);
}

/* The program a shell would run for @name: a name with a slash as it is,
 * else the first executable file of that name on PATH. NULL with @errsv
 * EACCES when only files that may not be run were found, else ENOENT. */
static char *
find_program (const char *name,
              int        *errsv)
{
  const char *path = g_getenv ("PATH");
  g_auto(GStrv) dirs = NULL;
  gboolean denied = FALSE;

  if (strchr (name, '/') != NULL)
    return g_strdup (name);
  if (path == NULL)
    path = "/usr/local/bin:/usr/bin:/bin";
  dirs = g_strsplit (path, ":", -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *file = g_build_filename (dirs[i][0] != '\0' ? dirs[i] : ".", name, NULL);
      struct stat st;

      if (stat (file, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      if (access (file, X_OK) == 0)
        return g_steal_pointer (&file);
      denied = TRUE;
    }
  *errsv = denied ? EACCES : ENOENT;
  return NULL;
}

static char **
build_environment (const char * const *extra)
{
  char **env = g_get_environ ();

  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    {
      const char *eq = strchr (extra[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL || eq == extra[i])
        continue;
      name = g_strndup (extra[i], (gsize) (eq - extra[i]));
      env = g_environ_setenv (env, name, eq + 1, TRUE);
    }
  return env;
}

G_GNUC_NORETURN static void
child_fail (int  fd,
            char what)
{
  ChildError e = { what, errno };
  gssize n;

  /* Nothing else to do if this fails: the parent sees the exit. */
  n = write (fd, &e, sizeof e);
  (void) n;
  _exit (127);
}

/* After fork, before exec: only async-signal-safe calls. */
G_GNUC_NORETURN static void
child_exec (const char          *program,
            char * const        *argv,
            char * const        *envp,
            const char          *directory,
            gboolean             foreground,
            int                  null_fd,
            int                  error_fd)
{
  struct sigaction dfl;
  sigset_t set;

  setpgid (0, 0);
  if (null_fd >= 0 && dup2 (null_fd, STDIN_FILENO) < 0)
    child_fail (error_fd, 'i');
  if (foreground)
    {
      /* From a background group, taking the terminal raises SIGTTOU:
       * blocked until the mask is reset below. */
      sigemptyset (&set);
      sigaddset (&set, SIGTTOU);
      sigprocmask (SIG_BLOCK, &set, NULL);
      tcsetpgrp (STDIN_FILENO, getpid ());
    }
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      sigaction (sig, &dfl, NULL);
  sigemptyset (&set);
  sigprocmask (SIG_SETMASK, &set, NULL);
  if (files_raised)
    setrlimit (RLIMIT_NOFILE, &original_files);
  if (directory != NULL && chdir (directory) != 0)
    child_fail (error_fd, 'd');
  execve (program, argv, envp);
  child_fail (error_fd, 'x');
}

static gboolean
report_child_error (const LabSpawnRequest *request,
                    const ChildError      *e,
                    GError               **error)
{
  const char *name = request->argv[0];

  if (e->what == 'i')
    g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_FAILED,
                 _("cannot give “%s” an empty input: %s"), name, g_strerror (e->errsv));
  else if (e->what == 'd')
    g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_FAILED,
                 _("cannot change to the folder “%s”: %s"), request->directory,
                 g_strerror (e->errsv));
  else if (e->errsv == ENOENT)
    g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_FOUND,
                 _("“%s”: no such file"), name);
  else
    g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_EXECUTABLE,
                 _("“%s” cannot be run: %s"), name, g_strerror (e->errsv));
  return FALSE;
}

gboolean
lab_spawn_program (const LabSpawnRequest *request,
                   GPid                  *out_pid,
                   GError               **error)
{
  g_autofree char *program = NULL;
  g_auto(GStrv) env = NULL;
  ChildError e;
  int null_fd = -1;
  int fds[2];
  gssize n;
  pid_t pid;
  int errsv = 0;

  g_return_val_if_fail (request != NULL && request->argv != NULL && request->argv[0] != NULL, FALSE);
  g_return_val_if_fail (out_pid != NULL, FALSE);

  program = find_program (request->argv[0], &errsv);
  if (program == NULL)
    {
      if (errsv == ENOENT)
        g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_FOUND,
                     _("“%s”: command not found"), request->argv[0]);
      else
        g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_EXECUTABLE,
                     _("“%s”: permission denied"), request->argv[0]);
      return FALSE;
    }
  env = build_environment (request->extra_env);
  if (request->null_input)
    null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      errsv = errno;
      if (null_fd >= 0)
        close (null_fd);
      g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_FAILED, "%s", g_strerror (errsv));
      return FALSE;
    }

  pid = fork ();
  if (pid == 0)
    {
      close (fds[0]);
      child_exec (program, (char * const *) request->argv, env, request->directory,
                  request->foreground, null_fd, fds[1]);
    }
  errsv = errno;
  close (fds[1]);
  if (null_fd >= 0)
    close (null_fd);
  if (pid < 0)
    {
      close (fds[0]);
      g_set_error (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_FAILED, "%s", g_strerror (errsv));
      return FALSE;
    }
  /* Also from this side, so that the group exists before any signal. */
  setpgid (pid, pid);

  do
    n = read (fds[0], &e, sizeof e);
  while (n < 0 && errno == EINTR);
  close (fds[0]);
  if (n == (gssize) sizeof e)
    {
      /* It never ran anything: reap it here and now. */
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
      if (request->foreground)
        lab_spawn_take_terminal ();
      return report_child_error (request, &e, error);
    }
  *out_pid = pid;
  return TRUE;
}

void
lab_spawn_take_terminal (void)
{
  sigset_t block, old;

  if (!isatty (STDIN_FILENO) || tcgetpgrp (STDIN_FILENO) == getpgrp ())
    return;
  sigemptyset (&block);
  sigaddset (&block, SIGTTOU);
  pthread_sigmask (SIG_BLOCK, &block, &old);
  tcsetpgrp (STDIN_FILENO, getpgrp ());
  pthread_sigmask (SIG_SETMASK, &old, NULL);
}
