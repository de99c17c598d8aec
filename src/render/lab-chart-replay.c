/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include "lab-chart-private.h"
#include "lab-duration.h"

/*
 * A replayed chart: the lanes stop at the replay time (lab-chart-lanes.c
 * clips them), a playhead marks that time on every panel, and a band at
 * the bottom says in words what each model is doing then. The band is part
 * of the picture, so an exported frame carries its captions.
 */

static double
line_height (const LabChartLayout *layout)
{
  return ceil (layout->small_px * 1.5);
}

/* A long caption, as the replay writes them, to size the band by: a
 * caption wraps instead of being cut, so a narrow chart gives each panel
 * more lines. The band's height stays the same through the replay. */
#define LONG_CAPTION "event-loop: tasks 2, 5, 9 and 12 more wait for I/O; the loop runs " \
                     "task 3 while tasks 4, 7 and 8 are ready"
#define MAX_CAPTION_LINES 3
/* The most of the chart's height the band takes: past it, captions get
 * fewer lines (and are cut), as the lanes are what is replayed. */
#define MAX_BAND_SHARE 0.25

static void
band_columns (const LabChartLayout *layout,
              LabChartReplayBand   *band)
{
  double x = layout->x + layout->pad;
  guint n_panels = MAX (layout->n_panels, 1);
  double room;

  band->line_h = line_height (layout);
  band->time_x = x;
  band->time_w = _lab_chart_text_width (layout, "00.00 ms", layout->small_px, TRUE);
  band->text_x = x + band->time_w + layout->pad;
  band->text_w = MAX (1, layout->x + layout->width - layout->pad - band->text_x);
  band->lines = (guint) CLAMP (ceil (_lab_chart_text_width (layout, LONG_CAPTION, layout->small_px,
                                                            FALSE) / band->text_w),
                               1, MAX_CAPTION_LINES);
  room = layout->options.height * MAX_BAND_SHARE - layout->pad * 1.4;
  band->lines = (guint) CLAMP (floor (room / (n_panels * band->line_h)), 1, band->lines);
}

/**
 * _lab_chart_replay_band_height:
 * @layout: a layout with its panels initialized
 *
 * Returns: the height of the caption band: the lines of a caption per
 *   panel; 0 when not replaying
 */
double
_lab_chart_replay_band_height (const LabChartLayout *layout)
{
  LabChartReplayBand band;

  if (!layout->options.replaying || layout->n_panels == 0)
    return 0;
  band_columns (layout, &band);
  return layout->n_panels * band.lines * band.line_h + layout->pad * 1.4;
}

/**
 * _lab_chart_replay_curtain:
 * @layout: a replaying layout
 * @panel: one of its panels
 * @curtain: (out): where the curtain goes
 */
void
_lab_chart_replay_curtain (const LabChartLayout *layout,
                           const LabChartPanel  *panel,
                           LabChartCurtain      *curtain)
{
  /* the panel's frame, as lab-chart-decor.c draws it */
  double bottom = panel->y + panel->height - layout->pad * 0.4;

  curtain->corner = layout->pad * 0.6;
  curtain->top = panel->task_y - layout->small_px * 0.15;
  curtain->bottom = MAX (curtain->top + curtain->corner, bottom);
  curtain->right = layout->x + layout->width;
}

/* The lanes are clipped at the replay time already; the curtain also hides
 * what other parts draw under a panel (strips, curves, their labels), so
 * nothing of the future shows, and a frame looks as the animated SVG does. */
static void
draw_curtains (cairo_t              *cr,
               const LabChartLayout *layout)
{
  gint64 t = MAX (layout->options.replay_ns, 0);

  cairo_save (cr);
  _lab_chart_set_color (cr, layout->palette->panel);
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];
      LabChartCurtain c;
      double x;

      if (!p->drawn || p->error != NULL)
        continue;
      _lab_chart_replay_curtain (layout, p, &c);
      x = CLAMP (_lab_chart_time_to_x (p, t), p->axis.plot_x, c.right - c.corner);
      cairo_rectangle (cr, x, c.top, c.right - x, c.bottom - c.corner - c.top);
      cairo_rectangle (cr, x, c.bottom - c.corner, c.right - c.corner - x, c.corner);
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_playheads (cairo_t              *cr,
                const LabChartLayout *layout)
{
  gint64 t = MAX (layout->options.replay_ns, 0);

  cairo_save (cr);
  _lab_chart_set_color (cr, layout->palette->now);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];
      double x;

      if (!p->drawn || p->error != NULL)
        continue;
      x = _lab_chart_time_to_x (p, t);
      if (x < p->axis.plot_x - 1 || x > p->axis.plot_x + p->axis.plot_width + 1)
        continue;
      cairo_move_to (cr, x, p->task_y - layout->small_px * 0.3);
      cairo_line_to (cr, x, p->lanes_bottom);
      cairo_stroke (cr);
      /* a small head, so the line reads as a playhead and not a grid line */
      cairo_move_to (cr, x - layout->small_px * 0.35, p->task_y - layout->small_px * 0.6);
      cairo_line_to (cr, x + layout->small_px * 0.35, p->task_y - layout->small_px * 0.6);
      cairo_line_to (cr, x, p->task_y - layout->small_px * 0.1);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/**
 * _lab_chart_replay_caption_layout:
 * @layout: a replaying layout
 * @cr: (nullable): where it is drawn; %NULL: only measured
 * @text: a caption
 * @band: the band it goes in
 *
 * Returns: (transfer full): @text wrapped on the band's lines at its
 *   width, each line @band->line_h apart, cut with "…" only past the last
 */
PangoLayout *
_lab_chart_replay_caption_layout (const LabChartLayout     *layout,
                                  cairo_t                  *cr,
                                  const char               *text,
                                  const LabChartReplayBand *band)
{
  PangoLayout *pl = _lab_chart_text_layout (layout, cr, text, layout->small_px, FALSE);
  PangoRectangle logical;
  double natural;

  pango_layout_set_width (pl, (int) (band->text_w * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (pl, -(int) band->lines);
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  pango_layout_get_extents (pl, NULL, &logical);
  /* the band's lines are spaced as its one-line captions always were */
  natural = logical.height / (double) PANGO_SCALE / MAX (pango_layout_get_line_count (pl), 1);
  pango_layout_set_spacing (pl, (int) (MAX (band->line_h - natural, 0) * PANGO_SCALE));
  return pl;
}

/* Draws @text from (@x, @y) on one line, ellipsized to @max_w. */
static void
draw_line (cairo_t              *cr,
           const LabChartLayout *layout,
           const char           *text,
           double                x,
           double                y,
           double                max_w,
           gboolean              bold,
           LabColor              color)
{
  g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, cr, text, layout->small_px, bold);

  pango_layout_set_width (pl, (int) (MAX (max_w, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  _lab_chart_set_color (cr, color);
  cairo_move_to (cr, x, y);
  _lab_chart_show_layout (cr, layout, pl);
}

/**
 * _lab_chart_replay_band:
 * @layout: a replaying layout
 * @band: (out): where the band's texts go
 */
void
_lab_chart_replay_band (const LabChartLayout *layout,
                        LabChartReplayBand   *band)
{
  band_columns (layout, band);
  band->text_y = layout->replay_y + layout->pad * 0.7
                 + (band->line_h - layout->small_px * 1.2) / 2;
}

static void
draw_band (cairo_t              *cr,
           const LabChartLayout *layout,
           gboolean              empty)
{
  const LabPalette *palette = layout->palette;
  g_autoptr(LabReplay) own = NULL;
  LabReplay *replay = layout->options.replay;
  gint64 t = MAX (layout->options.replay_ns, 0);
  g_autofree char *time = lab_duration_format (t);
  LabChartReplayBand band;

  _lab_chart_replay_band (layout, &band);
  cairo_save (cr);
  cairo_rectangle (cr, layout->x, layout->replay_y, layout->width, layout->replay_h);
  _lab_chart_set_color (cr, palette->panel);
  cairo_fill (cr);
  _lab_chart_set_color (cr, palette->now);
  cairo_rectangle (cr, layout->x, layout->replay_y, MAX (2, layout->pad * 0.3), layout->replay_h);
  cairo_fill (cr);
  if (empty)
    {
      cairo_restore (cr);
      return;
    }
  if (replay == NULL)
    replay = own = lab_replay_new (layout->comparison);

  draw_line (cr, layout, time, band.time_x, band.text_y, band.time_w, TRUE, palette->now);
  for (guint i = 0; i < layout->n_panels && i < lab_replay_get_n_panels (replay); i++)
    {
      g_autofree char *caption = lab_replay_dup_caption (replay, i, t);

      if (caption != NULL)
        {
          g_autoptr(PangoLayout) pl = _lab_chart_replay_caption_layout (layout, cr, caption, &band);

          _lab_chart_set_color (cr, palette->text);
          cairo_move_to (cr, band.text_x, band.text_y + i * band.lines * band.line_h);
          _lab_chart_show_layout (cr, layout, pl);
        }
    }
  cairo_restore (cr);
}

/**
 * _lab_chart_draw_replay:
 * @cr: the chart's cairo context
 * @layout: the chart's layout, with options->replaying set
 *
 * Draws the playheads and the caption band of a replay.
 */
void
_lab_chart_draw_replay (cairo_t              *cr,
                        const LabChartLayout *layout)
{
  gboolean still = layout->options.replay_ns >= LAB_CHART_REPLAY_STILL;

  if (!layout->options.replaying || layout->replay_y < 0)
    return;
  if (!still)
    {
      draw_curtains (cr, layout);
      draw_playheads (cr, layout);
    }
  if (layout->replay_h > 0)
    draw_band (cr, layout, still);
}
