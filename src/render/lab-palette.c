/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-palette"

#include "config.h"

#include "lab-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermillion,
 * reddish purple, and grey. */
static const LabColor okabe_ito[] = {
  RGB (0xE69F00), RGB (0x56B4E9), RGB (0x009E73), RGB (0xF0E442),
  RGB (0x0072B2), RGB (0xD55E00), RGB (0xCC79A7), RGB (0x999999),
};

static const LabPalette light = {
  .background = RGB (0xFFFFFF),
  .panel = RGB (0xF6F5F4),
  .text = RGB (0x241F31),
  .dim_text = RGB (0x5E5C64),
  .grid = RGB (0xDEDDDA),
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
};

static const LabPalette dark = {
  .background = RGB (0x1E1E1E),
  .panel = RGB (0x2A2A2E),
  .text = RGB (0xF6F5F4),
  .dim_text = RGB (0xB0AFB5),
  .grid = RGB (0x3D3846),
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
};

const LabPalette *
lab_palette_get (LabTheme theme)
{
  return theme == LAB_THEME_DARK ? &dark : &light;
}

LabColor
lab_palette_series_color (LabTheme theme,
                          guint    index)
{
  /* Grey is kept for "other"; the seven hues cycle. */
  LabColor color = okabe_ito[index % (G_N_ELEMENTS (okabe_ito) - 1)];

  if (theme == LAB_THEME_DARK && index % 7 == 4)
    color = (LabColor) RGB (0x3A9BDC);   /* blue lifted for contrast on dark */
  return color;
}
