/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Reading the few `/proc` files the tracer needs, cheaply: each file is
 * opened once and read again with pread() (a read of an open `/proc` file
 * formats it afresh), parsed without allocating. Every reader returns
 * FALSE when the thread or process is gone (ESRCH, or nothing read): a
 * `/proc` entry may vanish between any two calls, and that is not an
 * error, only the end of what can be known.
 *
 * Files are opened relative to a descriptor of `/proc/PID`, held for the
 * life of the process: a pid reused by a new process after the traced one
 * was reaped is a different directory, and reads through the old
 * descriptor fail instead of reading a stranger.
 */

typedef struct
{
  guint64 cpu_ns;     /* field 1: time on a core */
  guint64 delay_ns;   /* field 2: time waiting on a run queue */
  guint64 slices;     /* field 3: times put on a core */
} LabSchedstat;

typedef struct
{
  char    name[64];    /* field 2: the thread's name, as its `comm` */
  char    state;       /* field 3: R, S, D, T, t, Z, X, I */
  gint32  ppid;        /* field 4 */
  guint64 start_ticks; /* field 22: start after boot, in clock ticks */
  gint    core;        /* field 39: the core it last ran on */
} LabProcStat;

/* A descriptor of /proc/PID, of /proc/PID/task or a file under it;
 * -1 when it is gone or cannot be opened. */
int       lab_proc_open_dir         (int             dir_fd,
                                     const char     *name);
int       lab_proc_open_file        (int             dir_fd,
                                     const char     *name);

gboolean  lab_proc_read_schedstat   (int             fd,
                                     LabSchedstat   *out);
gboolean  lab_proc_read_stat        (int             fd,
                                     LabProcStat    *out);
/* A one-line file read again through its descriptor, the end of line
 * removed: `wchan` (the kernel function a sleeping thread waits in,
 * "futex_do_wait"; "0" for a thread that is runnable, or whose wait may
 * not be read) or `comm`. */
gboolean  lab_proc_read_line        (int             fd,
                                     char           *buf,
                                     gsize           size);

/* Whole small files, read once: comm, cmdline (NULs become spaces). */
char     *lab_proc_read_comm        (int             dir_fd);
char     *lab_proc_read_cmdline     (int             dir_fd);

/* The number of threads of the process whose `task` directory @task_fd
 * is, from its link count (two plus one per thread), without listing it;
 * 0 when gone. */
guint     lab_proc_count_threads    (int             task_fd);
/* The thread ids in `task` (a GArray of gint32), or NULL when gone. */
GArray   *lab_proc_list_threads     (int             task_fd);
/* The pids in a `task/TID/children` file (a GArray of gint32). */
GArray   *lab_proc_read_children    (int             fd);

/* The last process or thread id the system gave out, from
 * `/proc/loadavg` (its fifth field) open as @fd: while it stays the
 * same, nothing anywhere started a process or a thread. */
gboolean  lab_proc_read_last_pid    (int             fd,
                                     gint32         *out);

/* Parsing, apart from reading, so that it is tested on any text. */
gboolean  lab_proc_parse_schedstat  (const char     *text,
                                     LabSchedstat   *out);
gboolean  lab_proc_parse_stat       (const char     *text,
                                     LabProcStat    *out);
gboolean  lab_proc_parse_last_pid   (const char     *text,
                                     gint32         *out);

G_END_DECLS
