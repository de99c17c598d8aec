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

/* Shades of a task's identity (core lanes, GIL holder, lane chips). */
#define LAB_PALETTE_N_IDENTITY 3

/* Colours of the chart. The states take the Okabe–Ito palette, which stays
 * distinguishable with the common forms of colour blindness, and keep it
 * to themselves: which task ran where is told by neutral greys (and its
 * number, where there is room), darker than every state on light and
 * lighter than every state on dark, so that no eye and no grey print can
 * take one for a state. */
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
  LabColor identity[LAB_PALETTE_N_IDENTITY];  /* task N: identity[(N - 1) % 3] */
} LabPalette;

const LabPalette *lab_palette_get          (LabTheme          theme);
/* The shade of task @task (from 0). */
LabColor          lab_palette_get_identity (const LabPalette *palette,
                                            guint             task);
/* Black or white, whichever reads better on @fill. */
LabColor          lab_palette_text_on      (LabColor          fill);

G_END_DECLS
