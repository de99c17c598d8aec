/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-palette"

#include "config.h"

#include <math.h>

#include "lab-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

static const LabPalette light = {
  .background = RGB (0xFFFFFF),
  .panel = RGB (0xF6F5F4),
  .text = RGB (0x241F31),
  .dim_text = RGB (0x5E5C64),
  /* darker than queued's grey, so that a grid line never reads as a queued task */
  .grid = RGB (0xCFCECB),
  .states = {
    [LAB_STATE_QUEUED] = RGB (0xDEDDDA),
    [LAB_STATE_RUNNING] = RGB (0x0072B2),
    [LAB_STATE_WAITING_IO] = RGB (0x56B4E9),
    [LAB_STATE_WAITING_LOCK] = RGB (0xD55E00),
    [LAB_STATE_READY] = RGB (0xE69F00),
    [LAB_STATE_SPAWNING] = RGB (0xCC79A7),
    [LAB_STATE_IPC] = RGB (0x009E73),
  },
  .failed = RGB (0xC01C28),
  .util = { 0.37, 0.36, 0.39, 0.55 },
  .stripe = { 0.0, 0.0, 0.0, 0.035 },
  .now = RGB (0xC01C28),
  .ideal = RGB (0x241F31),
  .bar = RGB (0x77767B),
  .prediction = RGB (0x813D9C),
  /* darker than the darkest state (running's blue), an eighth apart */
  .identity = { RGB (0x121018), RGB (0x35323D), RGB (0x5A5763) },
};

static const LabPalette dark = {
  .background = RGB (0x1E1E1E),
  .panel = RGB (0x2A2A2E),
  .text = RGB (0xF6F5F4),
  .dim_text = RGB (0xB0AFB5),
  /* darker than queued's grey, as on light */
  .grid = RGB (0x36323D),
  .states = {
    [LAB_STATE_QUEUED] = RGB (0x4A4752),
    [LAB_STATE_RUNNING] = RGB (0x3A9BDC),
    [LAB_STATE_WAITING_IO] = RGB (0x56B4E9),
    [LAB_STATE_WAITING_LOCK] = RGB (0xF06A1A),
    [LAB_STATE_READY] = RGB (0xE69F00),
    [LAB_STATE_SPAWNING] = RGB (0xCC79A7),
    [LAB_STATE_IPC] = RGB (0x00B386),
  },
  .failed = RGB (0xFF6B6B),
  .util = { 0.75, 0.74, 0.78, 0.5 },
  .stripe = { 1.0, 1.0, 1.0, 0.04 },
  .now = RGB (0xFF6B6B),
  .ideal = RGB (0xF6F5F4),
  .bar = RGB (0x9A9996),
  .prediction = RGB (0xDC8ADD),
  /* lighter than the lightest state (ready's orange), a tenth apart */
  .identity = { RGB (0xF4F3F6), RGB (0xDAD8DF), RGB (0xC0BEC6) },
};

const LabPalette *
lab_palette_get (LabTheme theme)
{
  return theme == LAB_THEME_DARK ? &dark : &light;
}

/**
 * lab_palette_get_identity:
 * @palette: a palette
 * @task: a task's index, from 0
 *
 * Consecutive task numbers always get different shades, so two tasks that
 * hand a core or the lock to each other in turn always differ.
 *
 * Returns: the shade that stands for @task
 */
LabColor
lab_palette_get_identity (const LabPalette *palette,
                          guint             task)
{
  return palette->identity[task % LAB_PALETTE_N_IDENTITY];
}

static double
luminance (LabColor c)
{
  double rgb[3] = { c.r, c.g, c.b };

  for (guint i = 0; i < 3; i++)
    rgb[i] = rgb[i] <= 0.03928 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

/**
 * lab_palette_text_on:
 * @fill: an opaque colour
 *
 * Returns: black or white, whichever has the higher contrast ratio on @fill
 */
LabColor
lab_palette_text_on (LabColor fill)
{
  double l = luminance (fill);

  /* (1 + 0.05) / (l + 0.05) against (l + 0.05) / 0.05 */
  if ((l + 0.05) * (l + 0.05) > 1.05 * 0.05)
    return (LabColor) { 0, 0, 0, 0.87 };
  return (LabColor) { 1, 1, 1, 0.95 };
}
