/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-chart.h"
#include "lab-types.h"

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} LabColor;

/* Colours of the chart, after the Okabe–Ito palette, which stays
 * distinguishable with the common forms of colour blindness. */
typedef struct
{
  LabColor background;
  LabColor panel;
  LabColor text;
  LabColor dim_text;
  LabColor grid;
  LabColor states[LAB_N_STATES];
  LabColor failed;     /* failed tasks and models */
  LabColor util;       /* the utilization strip (translucent) */
  LabColor stripe;     /* every other lane */
  LabColor now;        /* the live edge of a running trace */
  LabColor ideal;      /* the ideal time in the comparison bars */
  LabColor bar;        /* the comparison bars */
  LabColor prediction; /* the learner's predicted time on a bar */
} LabPalette;

const LabPalette *lab_palette_get          (LabTheme  theme);
/* A colour for task or core @index, cycling through distinguishable hues. */
LabColor          lab_palette_series_color (LabTheme  theme,
                                            guint     index);

G_END_DECLS
