/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-export"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-chart-private.h"
#include "lab-duration.h"
#include "lab-export-private.h"
#include "lab-export-replay.h"
#include "lab-file-replace.h"

/*
 * The animated SVG is the finished chart drawn once by cairo's SVG
 * surface, as vectors, with the caption band left empty; on top, in SMIL
 * (which browsers and slide tools play without script):
 *
 * - per panel a curtain in the panel's colour over the lanes, whose left
 *   edge moves with the replay time, so time is revealed left to right,
 * - per panel a playhead moving with it,
 * - the captions and the time as text elements, each switched on and off
 *   by <set> at the moments it holds.
 *
 * Captions change at events; to keep the file small, at most ten changes
 * per second of playback are kept, each showing the state after the events
 * it stands for. The file is written through a temporary file and renamed.
 */

/* caption changes per second of playback, and time labels */
#define CAPTIONS_PER_S 10.0
#define MAX_CAPTIONS 3000
#define TIME_LABEL_S 0.1

typedef struct
{
  const LabChartLayout *layout;
  GString              *out;
  double                speed;
  double                play_s;      /* length of the playback */
  double                baseline;    /* from a line's top to its baseline */
  LabChartReplayBand    band;
} Svg;


static void
attr (GString    *out,
      const char *name,
      double      v)
{
  g_string_append_printf (out, " %s=\"", name);
  _lab_svg_append_number (out, v);
  g_string_append_c (out, '"');
}

static void
color (GString    *out,
       const char *name,
       LabColor    c)
{
  g_string_append_printf (out, " %s=\"#%02x%02x%02x\"", name,
                          (guint) lround (CLAMP (c.r, 0, 1) * 255),
                          (guint) lround (CLAMP (c.g, 0, 1) * 255),
                          (guint) lround (CLAMP (c.b, 0, 1) * 255));
  if (c.a < 1)
    {
      g_string_append_printf (out, " %s-opacity=\"", name);
      _lab_svg_append_number (out, c.a);
      g_string_append_c (out, '"');
    }
}

static double
playback_s (const Svg *svg,
            gint64     t_ns)
{
  return (double) t_ns / 1e9 / svg->speed;
}

/* <animate> of @name from @from to @to over the playback, held at the end. */
static void
animate (Svg        *svg,
         const char *name,
         double      from,
         double      to)
{
  g_string_append_printf (svg->out, "<animate attributeName=\"%s\" begin=\"0s\"", name);
  attr (svg->out, "from", from);
  attr (svg->out, "to", to);
  g_string_append (svg->out, " dur=\"");
  _lab_svg_append_number (svg->out, svg->play_s);
  g_string_append (svg->out, "s\" fill=\"freeze\"/>");
}

/* A rectangle from @x0 to @right whose left edge moves to @x1 over the
 * playback. */
static void
add_curtain_rect (Svg    *svg,
                  double  x0,
                  double  x1,
                  double  right,
                  double  top,
                  double  bottom)
{
  g_string_append (svg->out, "<rect");
  attr (svg->out, "x", x0);
  attr (svg->out, "y", top);
  attr (svg->out, "width", MAX (right - x0, 0));
  attr (svg->out, "height", bottom - top);
  color (svg->out, "fill", svg->layout->palette->panel);
  g_string_append (svg->out, ">");
  animate (svg, "x", x0, x1);
  animate (svg, "width", MAX (right - x0, 0), MAX (right - x1, 0));
  g_string_append (svg->out, "</rect>\n");
}

static void
add_curtain_and_playhead (Svg                 *svg,
                          const LabChartPanel *p,
                          gint64               duration_ns)
{
  const LabChartLayout *layout = svg->layout;
  double head = layout->small_px * 0.35;
  double bottom = p->lanes_bottom;
  LabChartCurtain c;
  double x0, x1;

  _lab_chart_replay_curtain (layout, p, &c);
  x0 = CLAMP (_lab_chart_time_to_x (p, 0), p->axis.plot_x, c.right - c.corner);
  x1 = CLAMP (_lab_chart_time_to_x (p, duration_ns), x0, c.right - c.corner);
  add_curtain_rect (svg, x0, x1, c.right, c.top, c.bottom - c.corner);
  add_curtain_rect (svg, x0, x1, c.right - c.corner, c.bottom - c.corner, c.bottom);

  g_string_append (svg->out, "<g>");
  g_string_append (svg->out, "<animateTransform attributeName=\"transform\" type=\"translate\""
                             " begin=\"0s\" from=\"");
  _lab_svg_append_number (svg->out, x0);
  g_string_append (svg->out, " 0\" to=\"");
  _lab_svg_append_number (svg->out, x1);
  g_string_append (svg->out, " 0\" dur=\"");
  _lab_svg_append_number (svg->out, svg->play_s);
  g_string_append (svg->out, "s\" fill=\"freeze\"/>");
  g_string_append (svg->out, "<line x1=\"0\" x2=\"0\" stroke-width=\"2\"");
  attr (svg->out, "y1", p->task_y - layout->small_px * 0.3);
  attr (svg->out, "y2", bottom);
  color (svg->out, "stroke", layout->palette->now);
  g_string_append (svg->out, "/><path d=\"M");
  _lab_svg_append_number (svg->out, -head);
  g_string_append_c (svg->out, ' ');
  _lab_svg_append_number (svg->out, p->task_y - layout->small_px * 0.6);
  g_string_append (svg->out, " H");
  _lab_svg_append_number (svg->out, head);
  g_string_append (svg->out, " L0 ");
  _lab_svg_append_number (svg->out, p->task_y - layout->small_px * 0.1);
  g_string_append (svg->out, " Z\"");
  color (svg->out, "fill", layout->palette->now);
  g_string_append (svg->out, "/></g>\n");
}

/* @text, shortened with "…" to fit @max_w as the renderer measures it. */
static char *
fit_text (const LabChartLayout *layout,
          const char           *text,
          double                max_w,
          gboolean              bold)
{
  glong n = g_utf8_strlen (text, -1), lo = 0, hi = n;

  if (_lab_chart_text_width (layout, text, layout->small_px, bold) <= max_w)
    return g_strdup (text);
  while (lo < hi)
    {
      glong mid = (lo + hi + 1) / 2;
      g_autofree char *head = g_utf8_substring (text, 0, mid);
      g_autofree char *probe = g_strconcat (head, "…", NULL);

      if (_lab_chart_text_width (layout, probe, layout->small_px, bold) <= max_w)
        lo = mid;
      else
        hi = mid - 1;
    }
  {
    g_autofree char *head = g_utf8_substring (text, 0, lo);
    return g_strconcat (head, "…", NULL);
  }
}

/* A text shown from @begin_s to @end_s of the playback (@end_s < 0: to the end). */
static void
add_text (Svg        *svg,
          const char *text,
          double      x,
          double      top,
          double      max_w,
          gboolean    bold,
          LabColor    fill,
          double      begin_s,
          double      end_s)
{
  g_autofree char *fitted = fit_text (svg->layout, text, max_w, bold);
  g_autofree char *escaped = g_markup_escape_text (fitted, -1);

  g_string_append (svg->out, "<text visibility=\"hidden\" xml:space=\"preserve\"");
  attr (svg->out, "x", x);
  attr (svg->out, "y", top + svg->baseline);
  attr (svg->out, "font-size", svg->layout->small_px);
  if (bold)
    g_string_append (svg->out, " font-weight=\"bold\"");
  color (svg->out, "fill", fill);
  g_string_append (svg->out, "><set attributeName=\"visibility\" to=\"visible\" begin=\"");
  _lab_svg_append_number (svg->out, begin_s);
  g_string_append_c (svg->out, 's');
  if (end_s >= 0)
    {
      g_string_append (svg->out, "\" end=\"");
      _lab_svg_append_number (svg->out, end_s);
      g_string_append_c (svg->out, 's');
    }
  g_string_append_printf (svg->out, "\"/>%s</text>\n", escaped);
}

/* A caption shown from @begin_s to @end_s, wrapped on the band's lines as
 * the chart wraps it, each line a text element. */
static void
add_caption (Svg        *svg,
             const char *text,
             double      top,
             double      begin_s,
             double      end_s)
{
  g_autoptr(PangoLayout) pl = _lab_chart_replay_caption_layout (svg->layout, NULL, text, &svg->band);
  guint n = (guint) pango_layout_get_line_count (pl);

  for (guint k = 0; k < n; k++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (pl, (int) k);
      const char *start = text + line->start_index;
      g_autofree char *part = NULL;

      /* the last line of a cut caption ends in "…" where pango cut it */
      if (k + 1 == n && pango_layout_is_ellipsized (pl))
        part = g_strdup (start);
      else
        part = g_strndup (start, (gsize) line->length);
      g_strchomp (part);
      add_text (svg, part, svg->band.text_x, top + k * svg->band.line_h, svg->band.text_w, FALSE,
                svg->layout->palette->text, begin_s, end_s);
    }
}

/* The moments whose captions are shown: 0, then event times at least
 * @min_gap apart. */
static GArray *
caption_times (LabReplay *replay,
               double     speed,
               gint64     duration_ns,
               gint64    *out_min_gap)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 min_gap = (gint64) (speed * 1e9 / CAPTIONS_PER_S);
  gint64 t = 0;

  min_gap = MAX (min_gap, duration_ns / MAX_CAPTIONS);
  min_gap = MAX (min_gap, 1);
  g_array_append_val (times, t);
  while (lab_replay_next_event (replay, t + min_gap - 1, &t) && t <= duration_ns)
    g_array_append_val (times, t);
  *out_min_gap = min_gap;
  return times;
}

static void
add_captions (Svg       *svg,
              LabReplay *replay,
              gint64     duration_ns)
{
  const LabChartLayout *layout = svg->layout;
  gint64 min_gap;
  g_autoptr(GArray) times = caption_times (replay, svg->speed, duration_ns, &min_gap);
  guint n = MIN (layout->n_panels, lab_replay_get_n_panels (replay));
  g_auto(GStrv) shown = g_new0 (char *, n + 1);
  g_autofree double *since = g_new0 (double, n + 1);

  /* the renderer's fonts (lab-chart-layout.c), for the viewer to pick from */
  g_string_append (svg->out, "<g font-family=\"" LAB_CHART_CSS_FONT_FAMILY "\">\n");
  for (guint k = 0; k <= times->len; k++)
    for (guint i = 0; i < n; i++)
      {
        gboolean last = k == times->len;
        gint64 t = last ? 0 : g_array_index (times, gint64, k);
        /* the state once the events from t on have happened: a moment
         * often holds several (a task ends, the next starts) */
        g_autofree char *line = last ? NULL : lab_replay_dup_caption (replay, i,
                                                                      MIN (t + min_gap - 1,
                                                                           duration_ns));

        if (!last && g_strcmp0 (line, shown[i]) == 0)
          continue;
        if (shown[i] != NULL)
          add_caption (svg, shown[i], svg->band.text_y + i * svg->band.lines * svg->band.line_h,
                       since[i], last ? -1 : playback_s (svg, t));
        g_free (shown[i]);
        shown[i] = g_steal_pointer (&line);
        since[i] = last ? 0 : playback_s (svg, t);
      }

  /* the time, every tenth of a second of playback, and the end */
  for (double s = 0; s < svg->play_s + TIME_LABEL_S; s += TIME_LABEL_S)
    {
      gboolean end = s + TIME_LABEL_S >= svg->play_s;
      gint64 t = end ? duration_ns : (gint64) llround (s * svg->speed * 1e9);
      g_autofree char *label = lab_duration_format (t);

      add_text (svg, label, svg->band.time_x, svg->band.text_y, svg->band.time_w, TRUE,
                layout->palette->now, end ? MIN (s, svg->play_s) : s,
                end ? -1 : s + TIME_LABEL_S);
      if (end)
        break;
    }
  g_string_append (svg->out, "</g>\n");
}

static cairo_status_t
draw_still (LabComparison         *comparison,
            const LabChartOptions *options,
            GString               *out)
{
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (_lab_svg_append_cb, out, options->width,
                                                                  options->height);
  cairo_status_t status;
  cairo_t *cr;

  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  cr = cairo_create (surface);
  lab_chart_draw (cr, comparison, options);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

/* The animation of one column of panels (the whole chart, or one side of a
 * what-if pair) at (@x, @y): its curtains, playheads and captions, on its
 * own replay from 0 s, over its own length. */
static void
add_column (GString               *out,
            LabComparison         *comparison,
            const LabChartOptions *options,
            double                 x,
            double                 y,
            double                 speed)
{
  g_autoptr(LabReplay) replay = lab_replay_new (comparison);
  g_autoptr(LabChartLayout) layout = NULL;
  g_autoptr(PangoLayout) probe = NULL;
  gint64 duration = lab_replay_get_duration_ns (replay);
  LabChartOptions o = *options;
  char buf[2][G_ASCII_DTOSTR_BUF_SIZE];
  Svg svg;

  o.replay = replay;
  o.text_func = NULL;
  o.text_hidden = FALSE;
  layout = _lab_chart_layout_new (comparison, &o);
  probe = _lab_chart_text_layout (layout, NULL, "Ag", layout->small_px, FALSE);
  svg = (Svg) { layout, out, speed, MAX ((double) duration / 1e9 / speed, 0.001),
                pango_layout_get_baseline (probe) / (double) PANGO_SCALE, { 0 } };
  _lab_chart_replay_band (layout, &svg.band);

  g_string_append_printf (out, "<g transform=\"translate(%s %s)\">\n",
                          g_ascii_formatd (buf[0], sizeof buf[0], "%.3f", x),
                          g_ascii_formatd (buf[1], sizeof buf[1], "%.3f", y));
  for (guint i = 0; i < layout->n_panels; i++)
    if (layout->panels[i].drawn && layout->panels[i].error == NULL)
      add_curtain_and_playhead (&svg, &layout->panels[i], duration);
  if (layout->replay_h > 0)
    add_captions (&svg, replay, duration);
  g_string_append (out, "</g>\n");
}

/**
 * lab_export_replay_svg:
 * @comparison: a finished comparison
 * @options: how to draw it (size, theme, a what-if's baseline); its replay
 *   fields are ignored
 * @speed: replay time per real time
 * @path: the file to write or replace
 * @error: why not
 *
 * Writes one SVG that plays the replay when opened (SMIL animation),
 * atomically; a what-if pair plays both runs side by side, from the same
 * moment. The chart's text is text a slide tool can edit.
 *
 * Returns: %TRUE on success
 */
gboolean
lab_export_replay_svg (LabComparison         *comparison,
                       const LabChartOptions *options,
                       double                 speed,
                       const char            *path,
                       GError               **error)
{
  g_autoptr(LabReplay) replay = NULL;
  g_autoptr(LabSvgText) text = NULL;
  g_autoptr(GString) out = NULL;
  LabChartOptions o;
  cairo_status_t status;
  const char *end;

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lab_export_replay_check (1, speed, error))
    return FALSE;
  if (!(options->width >= 1 && options->height >= 1 && options->width <= 32767
        && options->height <= 32767))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot make an image of %.0f×%.0f pixels"), options->width, options->height);
      return FALSE;
    }
  replay = lab_replay_new (comparison);
  o = *options;
  o.replaying = TRUE;
  o.replay_ns = LAB_CHART_REPLAY_STILL;
  o.replay = replay;
  o.scale = 1;

  out = g_string_new (NULL);
  text = _lab_svg_text_new ();
  {
    LabChartOptions still = o;

    _lab_svg_text_collect (text, &still);
    status = draw_still (comparison, &still, out);
  }
  end = g_strrstr (out->str, "</svg>");
  if (status != CAIRO_STATUS_SUCCESS || end == NULL)
    {
      if (status == CAIRO_STATUS_SUCCESS)
        status = CAIRO_STATUS_WRITE_ERROR;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  g_string_truncate (out, end - out->str);
  /* under the curtains: a label of the future shows when its time comes */
  _lab_svg_text_write (text, out);

  g_string_append (out, "<g id=\"replay\">\n");
  if (o.baseline != NULL)
    for (guint i = 0; i < 2; i++)
      {
        LabChartColumn column;

        if (lab_chart_what_if_get_column (comparison, &o, i, &column))
          add_column (out, column.comparison, &column.options, column.x, column.y, speed);
      }
  else
    add_column (out, comparison, &o, 0, 0, speed);
  g_string_append (out, "</g>\n</svg>\n");

  return lab_file_replace_contents (path, out->str, out->len, error);
}
