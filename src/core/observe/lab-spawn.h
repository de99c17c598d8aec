/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Starting the program to trace as a shell would, and only as much as
 * that: no shell in between (argv as given), the command found on PATH
 * when it has no slash, this process's environment (plus @extra_env),
 * standard streams and working folder (or @directory). Unlike a plain
 * spawn it also undoes what this process changed for itself: signal
 * dispositions and the signal mask come back to their defaults, and the
 * open-files limit to what it was (the tracer raises its own).
 *
 * The child gets a process group of its own (so that it and its children
 * can be signalled together), and the terminal when @foreground is set.
 * Whether the exec worked is known before this returns: a pipe that the
 * exec closes, or through which the child writes its errno.
 */

typedef struct
{
  const char * const *argv;
  const char         *directory;   /* NULL: this process's */
  const char * const *extra_env;   /* "NAME=value", NULL-terminated; may be NULL */
  gboolean            foreground;  /* give it the terminal this process holds */
  gboolean            null_input;  /* standard input from /dev/null (a window has no terminal) */
} LabSpawnRequest;

/* Raises this process's soft limit of open files to its hard limit, once;
 * lab_spawn_program() gives the child the limit as it was. */
void     lab_spawn_raise_file_limit (void);

/* Returns FALSE with a LAB_TRACER_ERROR (not found: 127, not executable:
 * 126, failed) and no child left; TRUE with the child's pid. */
gboolean lab_spawn_program          (const LabSpawnRequest *request,
                                     GPid                  *out_pid,
                                     GError               **error);

/* Gives the terminal back to this process's group (after a foreground
 * child), when this process has a terminal. */
void     lab_spawn_take_terminal    (void);

G_END_DECLS
