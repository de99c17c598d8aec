/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-workload"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-clock.h"
#include "lab-duration.h"
#include "lab-workload.h"
#include "lab-workload-private.h"

/* Writing a workload: the text form for machines (to_string) and the
 * short description for people (describe). */

/**
 * lab_workload_to_string:
 * @workload: a workload
 *
 * Writes the text form that lab_workload_parse() reads back equal.
 *
 * Returns: (transfer full): the text
 */
char *
lab_workload_to_string (const LabWorkload *workload)
{
  GString *text;

  g_return_val_if_fail (workload != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < workload->groups->len; i++)
    {
      const Group *g = &g_array_index (workload->groups, Group, i);

      if (i > 0)
        g_string_append (text, " + ");
      g_string_append_printf (text, "%s ", lab_task_kind_to_string (g->kind));

      if (g->shape == GROUP_RANDOM)
        {
          g_autofree char *lo = lab_duration_to_string (g->lo_ns);
          g_autofree char *hi = lab_duration_to_string (g->hi_ns);

          g_string_append_printf (text, "%ux random:%s..%s:seed=%u", g->count, lo, hi, g->seed);
        }
      else if (g->shape == GROUP_LIST)
        {
          if (g->count != g->period)
            g_string_append_printf (text, "%ux", g->count);
          for (guint k = 0; k < g->period; k++)
            {
              const LabTaskSpec *spec = &g_array_index (workload->tasks, LabTaskSpec, g->first + k);
              g_autofree char *d = lab_duration_to_string (spec->duration_ns);

              g_string_append_printf (text, "%s%s", k > 0 ? "," : "", d);
            }
        }
      else
        {
          g_autofree char *d = lab_duration_to_string (g->lo_ns);

          if (g->count == 1)
            g_string_append (text, d);
          else
            g_string_append_printf (text, "%ux%s", g->count, d);
        }
    }

  if (memcmp (workload->mix, _lab_workload_default_mix, sizeof workload->mix) != 0)
    g_string_append_printf (text, " mix=%u/%u/%u",
                            workload->mix[0], workload->mix[1], workload->mix[2]);

  return g_string_free (text, FALSE);
}

/* How many list items describe() shows before it elides the rest. */
#define DESCRIBE_MAX_ITEMS 6

static void
describe_group (const LabWorkload *workload,
                const Group       *g,
                GString           *text)
{
  const char *kind = lab_task_kind_to_string (g->kind);

  if (g->shape == GROUP_RANDOM)
    {
      g_autofree char *lo = lab_duration_format_short (g->lo_ns);
      g_autofree char *hi = lab_duration_format_short (g->hi_ns);

      /* Translators: a group of tasks: count, kind (io, cpu, mixed), the
       * shortest and the longest duration of a random spread */
      g_string_append_printf (text, _("%u × %s %s to %s (random)"), g->count, kind, lo, hi);
    }
  else if (g->shape == GROUP_LIST)
    {
      g_autoptr(GString) items = g_string_new (NULL);

      for (guint k = 0; k < MIN (g->period, DESCRIBE_MAX_ITEMS); k++)
        {
          const LabTaskSpec *spec = &g_array_index (workload->tasks, LabTaskSpec, g->first + k);
          g_autofree char *d = lab_duration_format_short (spec->duration_ns);

          g_string_append_printf (items, "%s%s", k > 0 ? ", " : "", d);
        }
      if (g->period > DESCRIBE_MAX_ITEMS)
        g_string_append (items, ", …");
      if (g->count > g->period)
        /* Translators: a group of tasks: count, kind, a list of durations
         * that repeats until the count is reached */
        g_string_append_printf (text, _("%u × %s (%s, repeated)"), g->count, kind, items->str);
      else
        /* Translators: a group of tasks: count, kind, a list of durations */
        g_string_append_printf (text, _("%u × %s (%s)"), g->count, kind, items->str);
    }
  else
    {
      g_autofree char *d = lab_duration_format_short (g->lo_ns);

      /* Translators: a group of tasks: count, kind (io, cpu, mixed), duration */
      g_string_append_printf (text, _("%u × %s %s"), g->count, kind, d);
    }
}

/**
 * lab_workload_describe:
 * @workload: a workload
 *
 * Returns: (transfer full): a short description for people: "8 × cpu 500 ms",
 *   "3 × io (3 s, 1 s, 2 s)", "20 × io 100 ms + 1 × cpu 1 s"
 */
char *
lab_workload_describe (const LabWorkload *workload)
{
  GString *text;

  g_return_val_if_fail (workload != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < workload->groups->len; i++)
    {
      if (i > 0)
        g_string_append (text, " + ");
      describe_group (workload, &g_array_index (workload->groups, Group, i), text);
    }
  if (lab_workload_has_kind (workload, LAB_TASK_KIND_MIXED))
    /* Translators: the phases of a mixed task in percent: compute, wait, compute */
    g_string_append_printf (text, _(", mixed as %u%% compute, %u%% wait, %u%% compute"),
                            workload->mix[0], workload->mix[1], workload->mix[2]);
  return g_string_free (text, FALSE);
}
