/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-worker-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-duration.h"
#include "lab-error.h"
#include "lab-worker-protocol.h"

/* The most fields a message has: "task", the task, the time, 3 phases. */
#define MAX_FIELDS 6

static const char * const keywords[] = {
  [LAB_WORKER_MESSAGE_READY] = "ready",
  [LAB_WORKER_MESSAGE_TASK] = "task",
  [LAB_WORKER_MESSAGE_START] = "start",
  [LAB_WORKER_MESSAGE_SEGMENT] = "seg",
  [LAB_WORKER_MESSAGE_DONE] = "done",
};

/* Only what a worker measures travels on the wire; queued, spawning and
 * ipc are the parent's to record, waiting-lock belongs to the GIL. */
static gboolean
is_worker_state (LabState state)
{
  return state == LAB_STATE_RUNNING || state == LAB_STATE_WAITING_IO
         || state == LAB_STATE_READY;
}

static gboolean
is_valid (const LabWorkerMessage *m)
{
  switch (m->kind)
    {
    case LAB_WORKER_MESSAGE_READY:
      return m->version > 0 && m->pid >= 0;
    case LAB_WORKER_MESSAGE_TASK:
      if (m->n_phases < 1 || m->n_phases > LAB_MAX_PHASES || m->t_ns <= 0)
        return FALSE;
      for (guint i = 0; i < m->n_phases; i++)
        if (m->phases[i].ns <= 0 || m->phases[i].ns > LAB_DURATION_MAX_NS)
          return FALSE;
      return m->task < LAB_MAX_TASKS;
    case LAB_WORKER_MESSAGE_START:
      return m->task < LAB_MAX_TASKS && m->t_ns > 0;
    case LAB_WORKER_MESSAGE_SEGMENT:
      return m->task < LAB_MAX_TASKS && is_worker_state (m->state) && m->core >= -1
             && m->core <= LAB_WORKER_MAX_CORE && m->begin_ns > 0 && m->end_ns >= m->begin_ns;
    case LAB_WORKER_MESSAGE_DONE:
      return m->task < LAB_MAX_TASKS && m->cpu_ns >= 0 && m->t_ns > 0;
    default:
      return FALSE;
    }
}

/**
 * lab_worker_message_encode:
 * @message: a valid message
 * @buffer: where to write the line
 * @size: the size of @buffer
 *
 * Writes @message as one line ending in a newline, without a terminating
 * NUL counted in the length.
 *
 * Returns: the length of the line, or 0 if @message is not valid or does
 *   not fit in @size (or in LAB_WORKER_MESSAGE_MAX)
 */
gsize
lab_worker_message_encode (const LabWorkerMessage *message,
                           char                   *buffer,
                           gsize                   size)
{
  g_autoptr(GString) line = NULL;
  const LabWorkerMessage *m = message;

  g_return_val_if_fail (message != NULL, 0);
  g_return_val_if_fail (buffer != NULL, 0);

  if (!is_valid (m))
    return 0;

  line = g_string_sized_new (LAB_WORKER_MESSAGE_MAX);
  g_string_append (line, keywords[m->kind]);
  switch (m->kind)
    {
    case LAB_WORKER_MESSAGE_READY:
      g_string_append_printf (line, " %u", m->version);
      if (m->pid > 0)
        g_string_append_printf (line, " %d", (int) m->pid);
      break;
    case LAB_WORKER_MESSAGE_TASK:
      g_string_append_printf (line, " %u %" G_GINT64_FORMAT, m->task, m->t_ns);
      for (guint i = 0; i < m->n_phases; i++)
        g_string_append_printf (line, " %s:%" G_GINT64_FORMAT,
                                m->phases[i].kind == LAB_PHASE_CPU ? "cpu" : "io",
                                m->phases[i].ns);
      break;
    case LAB_WORKER_MESSAGE_START:
      g_string_append_printf (line, " %u %" G_GINT64_FORMAT, m->task, m->t_ns);
      break;
    case LAB_WORKER_MESSAGE_SEGMENT:
      g_string_append_printf (line, " %u %s %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                              m->task, lab_state_to_string (m->state), m->core,
                              m->begin_ns, m->end_ns);
      break;
    case LAB_WORKER_MESSAGE_DONE:
      g_string_append_printf (line, " %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                              m->task, m->cpu_ns, m->t_ns);
      break;
    }
  g_string_append_c (line, '\n');

  if (line->len > LAB_WORKER_MESSAGE_MAX || line->len > size)
    return 0;
  memcpy (buffer, line->str, line->len);
  return line->len;
}

/* Strict decimal: digits only (a '-' only when @min < 0), no leading zero,
 * no sign on zero, inside [@min, @max]. */
static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  gboolean negative = FALSE;
  guint64 value = 0;
  const char *p = text;

  if (*p == '-' && min < 0)
    {
      negative = TRUE;
      p++;
    }
  if (*p == '\0' || (p[0] == '0' && p[1] != '\0') || (negative && p[0] == '0'))
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) || value > ((guint64) G_MAXINT64 - (*p - '0')) / 10)
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  if (negative ? -(gint64) value < min : (gint64) value > max)
    return FALSE;
  if (!negative && (gint64) value < min)
    return FALSE;
  *out = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

static gboolean
parse_phase (const char *text,
             LabPhase   *phase)
{
  const char *colon = strchr (text, ':');
  gsize kind_len;

  if (colon == NULL)
    return FALSE;
  kind_len = (gsize) (colon - text);
  if (kind_len == 3 && strncmp (text, "cpu", 3) == 0)
    phase->kind = LAB_PHASE_CPU;
  else if (kind_len == 2 && strncmp (text, "io", 2) == 0)
    phase->kind = LAB_PHASE_IO;
  else
    return FALSE;
  return parse_int (colon + 1, 1, LAB_DURATION_MAX_NS, &phase->ns);
}

/* Splits @line in place at single spaces; an empty field (two spaces, a
 * space at either end) is malformed. */
static guint
split_fields (char  *line,
              char  *fields[MAX_FIELDS + 1])
{
  guint n = 0;
  char *p = line;

  for (;;)
    {
      char *space = strchr (p, ' ');

      if (n == MAX_FIELDS + 1 || (space != NULL ? space == p : *p == '\0'))
        return 0;
      fields[n++] = p;
      if (space == NULL)
        return n;
      *space = '\0';
      p = space + 1;
    }
}

static gboolean
decode_fields (char             **f,
               guint              n,
               LabWorkerMessage  *m)
{
  gint64 v[3];
  guint k;

  for (k = 0; k < G_N_ELEMENTS (keywords); k++)
    if (g_str_equal (f[0], keywords[k]))
      break;
  if (k == G_N_ELEMENTS (keywords))
    return FALSE;
  m->kind = k;

  if (m->kind == LAB_WORKER_MESSAGE_READY)
    {
      /* The pid came with version 2; a version-1 worker is still read,
       * so that the model can say which version it spoke. */
      if (n < 2 || n > 3 || !parse_int (f[1], 1, G_MAXINT32, &v[0])
          || (n == 3 && !parse_int (f[2], 1, G_MAXINT32, &v[1])))
        return FALSE;
      m->version = (guint32) v[0];
      m->pid = n == 3 ? (gint32) v[1] : 0;
      return TRUE;
    }
  if (n < 3 || !parse_int (f[1], 0, LAB_MAX_TASKS - 1, &v[0]))
    return FALSE;
  m->task = (guint32) v[0];

  switch (m->kind)
    {
    case LAB_WORKER_MESSAGE_TASK:
      /* Count the phases before storing them: a fourth would be written
       * past m->phases (found by fuzzing). */
      if (n < 4 || n > 3 + LAB_MAX_PHASES || !parse_int (f[2], 1, G_MAXINT64, &m->t_ns))
        return FALSE;
      m->n_phases = n - 3;
      for (guint i = 0; i < m->n_phases; i++)
        if (!parse_phase (f[3 + i], &m->phases[i]))
          return FALSE;
      return TRUE;
    case LAB_WORKER_MESSAGE_START:
      return n == 3 && parse_int (f[2], 1, G_MAXINT64, &m->t_ns);
    case LAB_WORKER_MESSAGE_SEGMENT:
      if (n != 6 || !lab_state_from_string (f[2], &m->state) || !is_worker_state (m->state)
          || !parse_int (f[3], -1, LAB_WORKER_MAX_CORE, &v[1])
          || !parse_int (f[4], 1, G_MAXINT64, &m->begin_ns)
          || !parse_int (f[5], 1, G_MAXINT64, &m->end_ns))
        return FALSE;
      m->core = (gint) v[1];
      return m->end_ns >= m->begin_ns;
    case LAB_WORKER_MESSAGE_DONE:
      return n == 4 && parse_int (f[2], 0, G_MAXINT64, &m->cpu_ns)
             && parse_int (f[3], 1, G_MAXINT64, &m->t_ns);
    default:
      return FALSE;
    }
}

/**
 * lab_worker_message_decode:
 * @line: the bytes of one line, ending in its newline (not NUL-terminated)
 * @length: the number of bytes
 * @message: (out caller-allocates): the message read
 * @error: where a malformed line is reported
 *
 * Accepts exactly the lines lab_worker_message_encode() writes: a known
 * keyword, the right number of fields separated by single spaces, strict
 * decimal numbers in range, a known state and phase kinds, and nothing but
 * printable ASCII. Never reads beyond @length.
 *
 * Returns: %TRUE if @message was filled in
 */
gboolean
lab_worker_message_decode (const char        *line,
                           gsize              length,
                           LabWorkerMessage  *message,
                           GError           **error)
{
  char copy[LAB_WORKER_MESSAGE_MAX];
  char *fields[MAX_FIELDS + 1];
  LabWorkerMessage m = { 0 };
  guint n;

  g_return_val_if_fail (line != NULL || length == 0, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length == 0 || length > LAB_WORKER_MESSAGE_MAX)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("%lu bytes where 1 to %d are allowed"),
                   (unsigned long) length, LAB_WORKER_MESSAGE_MAX);
      return FALSE;
    }
  if (line[length - 1] != '\n')
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID,
                           _("no newline at its end"));
      return FALSE;
    }
  for (gsize i = 0; i + 1 < length; i++)
    if (line[i] < 0x20 || line[i] > 0x7e)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                     _("the byte 0x%02x at offset %lu"),
                     (guint) (guchar) line[i], (unsigned long) i);
        return FALSE;
      }

  memcpy (copy, line, length - 1);
  copy[length - 1] = '\0';
  n = split_fields (copy, fields);
  if (n == 0 || !decode_fields (fields, n, &m) || !is_valid (&m))
    {
      g_autofree char *shown = g_strndup (line, MIN (length - 1, 60));

      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID, _("“%s” is not a valid message"), shown);
      return FALSE;
    }
  *message = m;
  return TRUE;
}
