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
  { "h",   G_GINT64_CONSTANT (3600) * LAB_NS_PER_S },
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
                       _("“%s”: unknown unit “%s” (use µs, ms, s, min or h)"), text, end);
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
 * exactly, in the largest unit that needs at most three decimals:
 * "500ms", "1.5s", "17.3ms", "250us".
 *
 * Returns: (transfer full): the text
 */
char *
lab_duration_to_string (gint64 ns)
{
  static const struct { gint64 ns; const char *suffix; } written[] = {
    { LAB_NS_PER_S, "s" }, { LAB_NS_PER_MS, "ms" }, { LAB_NS_PER_US, "us" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      gint64 unit = written[i].ns;
      gint64 thousandth = unit / 1000;
      gint64 fraction = ns % unit;
      int decimals;

      if (ns < unit || ns % thousandth != 0)
        continue;
      if (fraction == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT "%s", ns / unit, written[i].suffix);
      fraction /= thousandth;
      decimals = 3;
      while (fraction % 10 == 0)
        fraction /= 10, decimals--;
      return g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT "%s", ns / unit, decimals,
                              fraction, written[i].suffix);
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT "ns", ns);
}

/* The one unit ladder for durations written for people: every figure in
 * the window, the images and the summaries goes through it, so that a
 * column never shows "1000 ms" beside "1.00 s". @limit is where the next
 * unit takes over (the last unit has none). */
static const struct
{
  gint64      ns;
  double      limit;
  const char *symbol;
} ladder[] = {
  { 1, 1000, "ns" },
  { LAB_NS_PER_US, 1000, "µs" },
  { LAB_NS_PER_MS, 1000, "ms" },
  { LAB_NS_PER_S, 60, "s" },
  { 60 * LAB_NS_PER_S, 60, "min" },
  { 3600 * LAB_NS_PER_S, 24, "h" },
  { 86400 * LAB_NS_PER_S, 0, "d" },
};

/* Three significant digits, and never more decimals than two. */
static int
decimals_for (double v)
{
  return v >= 100 ? 0 : v >= 10 ? 1 : 2;
}

/* The unit a duration is written in and its value there, rounded to three
 * significant digits. The rounding decides the unit: 999.6 ms rounds to
 * 1000 ms, which is written 1.00 s; 59.999 s is 1.00 min. */
static guint
pick_unit (gint64  ns,
           double *out_value,
           int    *out_decimals)
{
  guint u = 0;
  double v, rounded;
  int decimals;

  while (u + 1 < G_N_ELEMENTS (ladder) && ns >= ladder[u + 1].ns)
    u++;
  for (;;)
    {
      double p;

      v = (double) ns / (double) ladder[u].ns;
      decimals = decimals_for (v);
      p = pow (10, decimals);
      rounded = round (v * p) / p;
      if (ladder[u].limit == 0 || rounded < ladder[u].limit || u + 1 == G_N_ELEMENTS (ladder))
        break;
      u++;
    }
  *out_value = rounded;
  *out_decimals = decimals_for (rounded);
  return u;
}

/* @ns on the ladder; @trim drops the zeros that line up columns. */
static char *
format (gint64   ns,
        gboolean trim)
{
  char buffer[64];
  double v;
  int decimals;
  guint u;

  if (ns < 0)
    {
      g_autofree char *positive = format (ns == G_MININT64 ? G_MAXINT64 : -ns, trim);
      return g_strdup_printf ("−%s", positive);
    }
  if (ns == 0)
    return g_strdup ("0 s");
  u = pick_unit (ns, &v, &decimals);
  /* The decimal separator follows the locale: people read this. */
  g_snprintf (buffer, sizeof buffer, "%.*f", decimals, v);
  if (trim && decimals > 0)
    {
      char *end = buffer + strlen (buffer) - 1;

      while (*end == '0')
        *end-- = '\0';
      if (!g_ascii_isdigit (*end))
        *end = '\0';
    }
  return g_strdup_printf ("%s %s", buffer, ladder[u].symbol);
}

/**
 * lab_duration_format:
 * @ns: a duration in nanoseconds
 *
 * Formats @ns for people, with three significant digits in the unit of the
 * one ladder (ns, µs, ms, s, min, h, d) that keeps the number readable:
 * "1.50 s", "250 ms", "12.0 µs", "2.50 min", "1.00 h". Columns of these
 * line up; a zero is "0 s".
 *
 * Returns: (transfer full): the text
 */
char *
lab_duration_format (gint64 ns)
{
  return format (ns, FALSE);
}

/**
 * lab_duration_format_short:
 * @ns: a duration in nanoseconds
 *
 * As lab_duration_format(), without the trailing zeros that line up
 * columns: "1.5 s", "2 ms", "1 h". For durations inside sentences and
 * labels.
 *
 * Returns: (transfer full): the text
 */
char *
lab_duration_format_short (gint64 ns)
{
  return format (ns, TRUE);
}

/**
 * lab_duration_format_range:
 * @lo_ns: the shortest duration
 * @hi_ns: the longest
 *
 * Returns: (transfer full): "100 ms – 1.5 s", or one duration where both
 *   read the same ("2 ms")
 */
char *
lab_duration_format_range (gint64 lo_ns,
                           gint64 hi_ns)
{
  g_autofree char *lo = lab_duration_format_short (MIN (lo_ns, hi_ns));
  g_autofree char *hi = lab_duration_format_short (MAX (lo_ns, hi_ns));

  if (g_str_equal (lo, hi))
    return g_steal_pointer (&lo);
  /* Translators: a range of durations, "100 ms – 1.5 s" */
  return g_strdup_printf (_("%s – %s"), lo, hi);
}

/* The unit of the ladder that @ns is written in. */
static guint
unit_of (gint64 ns)
{
  double v;
  int decimals;

  return ns > 0 ? pick_unit (ns, &v, &decimals) : 0;
}

/* The smallest 1-2-5 step of @unit (tenths and hundredths of it too) of
 * at least @at_least_ns. */
static gint64
round_step_of (gint64 unit,
               gint64 at_least_ns)
{
  static const int mantissa[] = { 1, 2, 5 };

  for (double decade = pow (10, floor (-log10 ((double) unit))); ; decade *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (mantissa); i++)
      {
        double step = mantissa[i] * decade * (double) unit;

        if ((step >= 1 && step >= (double) at_least_ns) || step > (double) G_MAXINT64 / 20)
          return (gint64) llround (step);
      }
}

/**
 * lab_duration_choose_step:
 * @span_ns: the length of a time axis
 * @at_least_ns: the smallest step that leaves room for the labels
 *
 * The step between an axis's ticks: 1, 2 or 5 times a power of ten of the
 * unit @span_ns is written in, or of the unit below it, whichever is
 * smaller, so that the ticks read as round numbers ("0.5 s", "5 min",
 * never "1.17 min").
 *
 * Returns: the smallest such step of at least @at_least_ns (at least 1 ns)
 */
gint64
lab_duration_choose_step (gint64 span_ns,
                          gint64 at_least_ns)
{
  guint u = unit_of (span_ns);
  gint64 step = round_step_of (ladder[u].ns, MAX (at_least_ns, 1));

  if (u > 0)
    step = MIN (step, round_step_of (ladder[u - 1].ns, MAX (at_least_ns, 1)));
  return step;
}

/* Whether @step is 1, 2 or 5 times a power of ten (positive or negative)
 * of @unit. */
static gboolean
is_round_step (gint64 step,
               gint64 unit)
{
  double ratio = (double) step / (double) unit;
  double decade = pow (10, floor (log10 (ratio) + 1e-9));
  double m = ratio / decade;

  return fabs (m - 1) < 1e-6 || fabs (m - 2) < 1e-6 || fabs (m - 5) < 1e-6;
}

/**
 * lab_duration_format_tick:
 * @t_ns: the tick's time
 * @step_ns: the step between ticks (lab_duration_choose_step())
 * @max_ns: the end of the axis
 *
 * Labels every tick of an axis in one unit of the ladder, the largest in
 * which the step is a round number, with the decimals the step needs:
 * "0", "0.5 s", "1.0 s"; "2 min".
 *
 * Returns: (transfer full): the label
 */
char *
lab_duration_format_tick (gint64 t_ns,
                          gint64 step_ns,
                          gint64 max_ns)
{
  guint u = unit_of (MAX (max_ns, step_ns));
  int decimals = 0;
  double ratio;

  if (t_ns == 0)
    return g_strdup ("0");
  while (u > 0 && (step_ns <= 0 || !is_round_step (step_ns, ladder[u].ns)))
    u--;
  ratio = (double) MAX (step_ns, 1) / (double) ladder[u].ns;
  while (decimals < 6 && ratio * pow (10, decimals) < 0.999)
    decimals++;
  return g_strdup_printf ("%.*f %s", decimals, (double) t_ns / (double) ladder[u].ns,
                          ladder[u].symbol);
}
