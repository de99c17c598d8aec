/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <string.h>

#include "lab-chart-columns-private.h"

/*
 * Segments on rows of pixel columns (lab-chart-columns-private.h): the
 * level of detail under the task and core lanes.
 */

void
_lab_chart_columns_init (LabChartColumns *c,
                         guint            n_rows,
                         guint            n_cols,
                         guint            n_keys,
                         gboolean         bars)
{
  gsize n = (gsize) n_rows * n_keys * (n_cols + 1);

  g_assert (n_keys <= LAB_CHART_COLUMNS_MAX_KEYS);

  memset (c, 0, sizeof *c);
  c->n_rows = n_rows;
  c->n_cols = n_cols;
  c->n_keys = n_keys;
  c->direct = g_new0 (float, n);
  c->diff = g_new0 (float, n);
  if (bars)
    c->bars = g_new0 (GArray *, n_rows + 1);
  c->bar_limit = 4 * n_cols;
}

void
_lab_chart_columns_clear (LabChartColumns *c)
{
  for (guint r = 0; c->bars != NULL && r < c->n_rows; r++)
    g_clear_pointer (&c->bars[r], g_array_unref);
  g_clear_pointer (&c->bars, g_free);
  g_clear_pointer (&c->direct, g_free);
  g_clear_pointer (&c->diff, g_free);
}

static inline void
accum_add (LabChartColumns *a,
           guint            row,
           guint            key,
           double           x0,
           double           x1)
{
  gsize base = ((gsize) row * a->n_keys + key) * (a->n_cols + 1);
  guint c0 = (guint) x0;
  guint c1 = (guint) x1;

  if (c0 >= a->n_cols)
    c0 = a->n_cols - 1;
  if (c1 >= a->n_cols)
    {
      /* ends at the right edge: the last column is whole */
      a->direct[base + c0] += (float) (MIN ((double) c0 + 1, x1) - x0);
      if (c0 + 1 < a->n_cols)
        {
          a->diff[base + c0 + 1] += 1;
          a->diff[base + a->n_cols] -= 1;
        }
      return;
    }
  if (c0 == c1)
    {
      /* the sliver still counts a little, so it shows where nothing else is */
      a->direct[base + c0] += (float) MAX (x1 - x0, 1e-3);
      return;
    }
  a->direct[base + c0] += (float) (c0 + 1 - x0);
  a->direct[base + c1] += (float) (x1 - c1);
  if (c0 + 1 < c1)
    {
      a->diff[base + c0 + 1] += 1;
      a->diff[base + c1] -= 1;
    }
}

static gboolean
add_bar (LabChartColumns  *c,
         guint             row,
         guint             key,
         double            x0,
         double            x1,
         const LabSegment *s)
{
  LabChartBar bar = { (float) x0, (float) x1, s->task, (gint16) s->core, (guint8) s->state,
                      (guint8) key };
  GArray *bars = c->bars[row];

  if (bars == NULL)
    bars = c->bars[row] = g_array_new (FALSE, FALSE, sizeof (LabChartBar));
  else if (bars->len >= c->bar_limit)
    return FALSE;
  else
    {
      /* Models hand long work over in slices; a slice that continues the
       * previous one on the same core is drawn as one bar. */
      LabChartBar *last = &g_array_index (bars, LabChartBar, bars->len - 1);

      if (last->task == bar.task && last->state == bar.state && last->core == bar.core
          && fabsf (bar.x0 - last->x1) < 0.25f)
        {
          last->x1 = MAX (last->x1, bar.x1);
          return TRUE;
        }
    }
  g_array_append_val (bars, bar);
  return TRUE;
}

void
_lab_chart_columns_add (LabChartColumns  *c,
                        guint             row,
                        guint             key,
                        double            x0,
                        double            x1,
                        const LabSegment *s)
{
  if (c->bars != NULL && x1 - x0 >= 1 && add_bar (c, row, key, x0, x1, s))
    return;
  accum_add (c, row, key, x0, x1);
}

/* Turns the sums of @row into the dominant key per column (−1: nothing).
 * @background (≥ 0) shows only where no other key does: in a lane of many
 * tasks, most are queued at any moment, and what the others do matters. */
static void
dominant_keys (LabChartColumns *a,
               guint            row,
               int              background,
               gint8           *dominant,
               float           *best)
{
  for (guint c = 0; c < a->n_cols; c++)
    dominant[c] = -1, best[c] = 0;
  for (guint k = 0; k < a->n_keys; k++)
    {
      gsize base = ((gsize) row * a->n_keys + k) * (a->n_cols + 1);
      float run = 0;

      if ((int) k == background)
        continue;
      for (guint c = 0; c < a->n_cols; c++)
        {
          float v;

          run += a->diff[base + c];
          v = run + a->direct[base + c];
          if (v > best[c] + 1e-6f)
            best[c] = v, dominant[c] = (gint8) k;
        }
    }
  if (background < 0)
    return;
  {
    gsize base = ((gsize) row * a->n_keys + background) * (a->n_cols + 1);
    float run = 0;

    for (guint c = 0; c < a->n_cols; c++)
      {
        run += a->diff[base + c];
        if (dominant[c] < 0 && run + a->direct[base + c] > 1e-6f)
          dominant[c] = (gint8) background;
      }
  }
}

guint
_lab_chart_columns_fill (cairo_t                  *cr,
                         LabChartColumns          *a,
                         const LabColor           *colors,
                         int                       background,
                         const LabChartColumnGrid *grid)
{
  g_autofree gint8 *dominant = g_new (gint8, a->n_cols + 1);
  g_autofree float *best = g_new (float, a->n_cols + 1);
  GArray *runs[LAB_CHART_COLUMNS_MAX_KEYS];
  guint painted = 0;

  for (guint k = 0; k < a->n_keys; k++)
    runs[k] = g_array_new (FALSE, FALSE, sizeof (guint) * 3);
  for (guint r = 0; r < a->n_rows; r++)
    {
      guint start = 0;

      dominant_keys (a, r, background, dominant, best);
      dominant[a->n_cols] = -2;
      for (guint c = 1; c <= a->n_cols; c++)
        if (dominant[c] != dominant[start])
          {
            if (dominant[start] >= 0)
              {
                guint run[3] = { r, start, c };
                g_array_append_vals (runs[dominant[start]], run, 1);
              }
            start = c;
          }
    }
  for (guint k = 0; k < a->n_keys; k++)
    {
      const guint *run = (const guint *) (gpointer) runs[k]->data;

      for (guint i = 0; i < runs[k]->len; i++, run += 3)
        cairo_rectangle (cr, grid->x + run[1] * grid->col_w, grid->y + run[0] * grid->pitch,
                         (run[2] - run[1]) * grid->col_w, grid->h);
      if (runs[k]->len > 0)
        {
          _lab_chart_set_color (cr, colors[k]);
          cairo_fill (cr);
          painted |= 1u << k;
        }
      g_array_unref (runs[k]);
    }
  return painted;
}

guint
_lab_chart_columns_fill_bars (cairo_t                  *cr,
                              LabChartColumns          *c,
                              const LabColor           *colors,
                              const LabChartColumnGrid *grid)
{
  guint painted = 0;

  for (guint k = 0; k < c->n_keys; k++)
    {
      gboolean any = FALSE;

      for (guint r = 0; r < c->n_rows; r++)
        for (guint i = 0; c->bars[r] != NULL && i < c->bars[r]->len; i++)
          {
            const LabChartBar *b = &g_array_index (c->bars[r], LabChartBar, i);

            double x0 = round (b->x0), x1 = MAX (round (b->x1), x0 + 1);

            if (b->key != k)
              continue;
            /* on whole columns, as the sums are: no blended edges */
            cairo_rectangle (cr, grid->x + x0 * grid->col_w, grid->y + r * grid->pitch,
                             (x1 - x0) * grid->col_w, grid->h);
            any = TRUE;
          }
      if (any)
        {
          _lab_chart_set_color (cr, colors[k]);
          cairo_fill (cr);
          painted |= 1u << k;
        }
    }
  return painted;
}

void
_lab_chart_draw_inner_label (cairo_t                 *cr,
                             const LabChartLayout    *layout,
                             LabColor                 fill,
                             const cairo_rectangle_t *bar,
                             const char              *long_text,
                             const char              *short_text)
{
  double px = _lab_chart_text_px_for (layout, layout->small_px, bar->height);
  const char *texts[] = { long_text, short_text };

  for (guint i = 0; i < G_N_ELEMENTS (texts) && texts[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, cr, texts[i], px, FALSE);
      PangoRectangle logical;

      pango_layout_get_pixel_extents (pl, NULL, &logical);
      if (logical.width + px > bar->width)
        continue;
      _lab_chart_set_color (cr, lab_palette_text_on (fill));
      cairo_move_to (cr, bar->x + (bar->width - logical.width) / 2 - logical.x,
                     bar->y + (bar->height - logical.height) / 2 - logical.y);
      _lab_chart_show_layout (cr, layout, pl);
      return;
    }
}

void
_lab_chart_column_map_init (LabChartColumnMap    *map,
                            const LabChartLayout *layout,
                            const LabChartPanel  *p)
{
  map->n_cols = _lab_chart_n_columns (layout, p);
  map->cols_per_ns = map->n_cols / (double) (p->axis.end_ns - p->axis.begin_ns);
  map->t0_ns = p->zero_ns + p->axis.begin_ns;
  map->edge_ns = _lab_chart_draw_edge (layout, p);
}

gboolean
_lab_chart_column_map_span (const LabChartColumnMap *map,
                            gint64                   begin_ns,
                            gint64                   end_ns,
                            double                  *out_x0,
                            double                  *out_x1)
{
  gint64 end = MIN (end_ns, map->edge_ns);
  double x0 = (double) (begin_ns - map->t0_ns) * map->cols_per_ns;
  double x1 = (double) (end - map->t0_ns) * map->cols_per_ns;

  if (x1 < x0 || x1 <= 0 || x0 >= map->n_cols)
    return FALSE;
  *out_x0 = MAX (x0, 0);
  *out_x1 = MIN (x1, (double) map->n_cols);
  return TRUE;
}
