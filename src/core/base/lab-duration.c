/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-duration"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-clock.h"
#include "lab-duration.h"
#include "lab-error.h"

typedef struct
{
  const char *suffix;
  gint64      ns;
} LabUnit;

/* Longest suffixes first, so that "ms" is not read as "m" + "s". */
static const LabUnit units[] = {
  { "min", G_GINT64_CONSTANT (60) * LAB_NS_PER_S },
  { "ms",  LAB_NS_PER_MS },
  { "us",  LAB_NS_PER_US },
  { "µs",  LAB_NS_PER_US },
  { "ns",  1 },
  { "s",   LAB_NS_PER_S },
};

static const LabUnit *
find_unit (const char *suffix)
{
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (suffix, units[i].suffix) == 0)
      return &units[i];
  return NULL;
}

/* Reads one item: a decimal number and an optional unit. When the item has
 * no unit, @default_unit applies. The whole @text is quoted in messages so
 * that a user sees which part of a list was wrong. */
static gboolean
parse_item (const char     *item,
            const char     *text,
            const LabUnit  *default_unit,
            gint64         *out_ns,
            GError        **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (item));
  const LabUnit *unit = default_unit;
  const char *p = stripped;
  char *end = NULL;
  double value;
  double ns;

  if (*p == '-')
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("“%s”: a duration cannot be negative"), text);
      return FALSE;
    }
  if (*p == '+')
    p++;
  /* Only plain decimals: strtod would also take "nan", "inf" and hex. */
  if (!g_ascii_isdigit (*p) && !(*p == '.' && g_ascii_isdigit (p[1])))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("“%s”: expected a number such as 500ms, 1.5s or 2"), text);
      return FALSE;
    }
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("“%s”: expected a decimal number"), text);
      return FALSE;
    }

  errno = 0;
  value = g_ascii_strtod (p, &end);
  if (errno == ERANGE || !isfinite (value))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("“%s”: the number is too large (at most 1 hour)"), text);
      return FALSE;
    }

  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    {
      unit = find_unit (end);
      if (unit == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       _("“%s”: unknown unit “%s” (use µs, ms, s or min)"), text, end);
          return FALSE;
        }
    }

  ns = value * (double) unit->ns;
  if (ns > (double) LAB_DURATION_MAX_NS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("“%s”: longer than the limit of 1 hour"), text);
      return FALSE;
    }
  if (ns < 1.0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("“%s”: a duration must be greater than zero"), text);
      return FALSE;
    }

  *out_ns = (gint64) llround (ns);
  return TRUE;
}

/* The unit written on the last item of a list, if any, applies to the items
 * that have none: "3,1,2s" is three, one and two seconds. */
static const LabUnit *
trailing_unit (const char *last_item)
{
  g_autofree char *stripped = g_strstrip (g_strdup (last_item));
  gsize len = strlen (stripped);
  gsize i = len;

  while (i > 0 && !g_ascii_isdigit (stripped[i - 1]) && stripped[i - 1] != '.')
    i--;
  if (i == len)
    return &units[G_N_ELEMENTS (units) - 1];

  {
    g_autofree char *suffix = g_strstrip (g_strdup (stripped + i));
    const LabUnit *unit = find_unit (suffix);

    return unit != NULL ? unit : &units[G_N_ELEMENTS (units) - 1];
  }
}

/**
 * lab_duration_parse:
 * @text: a duration such as "500ms", "1.5s", "250us" or "2" (seconds)
 * @out_ns: (out): the duration in nanoseconds
 * @error: a #LabError naming what is wrong
 *
 * Reads one duration. Accepted: more than zero and at most one hour.
 *
 * Returns: %TRUE on success
 */
gboolean
lab_duration_parse (const char  *text,
                    gint64      *out_ns,
                    GError     **error)
{
  g_return_val_if_fail (out_ns != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || *text == '\0' || strspn (text, " \t") == strlen (text))
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_PARSE,
                           _("The duration is empty (expected e.g. 500ms, 1.5s or 2)"));
      return FALSE;
    }
  if (strchr (text, ',') != NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("“%s”: expected one duration, not a list"), text);
      return FALSE;
    }

  return parse_item (text, text, &units[G_N_ELEMENTS (units) - 1], out_ns, error);
}

/**
 * lab_duration_list_parse:
 * @text: one duration or a comma-separated list such as "3,1,2s"
 * @error: a #LabError naming what is wrong
 *
 * Reads a list of durations. A unit on the last item applies to the items
 * written without one; items with their own unit keep it.
 *
 * Returns: (transfer full): a #GArray of gint64 nanoseconds, or %NULL
 */
GArray *
lab_duration_list_parse (const char  *text,
                         GError     **error)
{
  g_autoptr(GArray) values = NULL;
  g_auto(GStrv) items = NULL;
  const LabUnit *unit;
  guint n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || *text == '\0' || strspn (text, " \t") == strlen (text))
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_PARSE,
                           _("The duration list is empty (expected e.g. 3,1,2s)"));
      return NULL;
    }

  items = g_strsplit (text, ",", -1);
  n = g_strv_length (items);
  unit = trailing_unit (items[n - 1]);
  values = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 ns;

      if (strspn (items[i], " \t") == strlen (items[i]))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       _("“%s”: item %u of the list is empty"), text, i + 1);
          return NULL;
        }
      if (!parse_item (items[i], text, unit, &ns, error))
        return NULL;
      g_array_append_val (values, ns);
    }

  return g_steal_pointer (&values);
}

/**
 * lab_duration_to_string:
 * @ns: a duration in nanoseconds
 *
 * Writes @ns in the compact form that lab_duration_parse() reads back
 * exactly: "500ms", "1.5s", "250us".
 *
 * Returns: (transfer full): the text
 */
char *
lab_duration_to_string (gint64 ns)
{
  if (ns % LAB_NS_PER_S == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", ns / LAB_NS_PER_S);
  if (ns % LAB_NS_PER_MS == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "ms", ns / LAB_NS_PER_MS);
  if (ns % LAB_NS_PER_US == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "us", ns / LAB_NS_PER_US);
  return g_strdup_printf ("%" G_GINT64_FORMAT "ns", ns);
}

/**
 * lab_duration_format:
 * @ns: a duration in nanoseconds
 *
 * Formats @ns for people, with three significant digits and a unit that
 * keeps the number between 1 and 1000: "1.50 s", "250 ms", "12.0 µs".
 *
 * Returns: (transfer full): the text
 */
char *
lab_duration_format (gint64 ns)
{
  double v = (double) ns;
  const char *unit;

  if (ns < 0)
    {
      g_autofree char *positive = lab_duration_format (-ns);
      return g_strdup_printf ("−%s", positive);
    }

  if (v >= 1e9)
    v /= 1e9, unit = "s";
  else if (v >= 1e6)
    v /= 1e6, unit = "ms";
  else if (v >= 1e3)
    v /= 1e3, unit = "µs";
  else
    unit = "ns";

  if (v >= 100 || ns == 0)
    return g_strdup_printf ("%.0f %s", v, unit);
  if (v >= 10)
    return g_strdup_printf ("%.1f %s", v, unit);
  return g_strdup_printf ("%.2f %s", v, unit);
}
