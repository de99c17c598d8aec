/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-chart.h"
#include "lab-replay.h"

G_BEGIN_DECLS

/*
 * A replay of a finished comparison as files: a numbered sequence of PNG
 * frames in a folder (frame-0001.png, …), or one animated SVG (SMIL) for
 * slides. Both are whole or absent: the frames are written into a
 * temporary folder renamed to the target at the end, the SVG through a
 * temporary file renamed over the target.
 *
 * @speed is replay time per real time (0.25: four times slower than the
 * run was; 4: four times faster); @fps the frames per second of the
 * sequence.
 */

#define LAB_REPLAY_MAX_FRAMES 20000

/* Checks fps and speed; FALSE with an error naming the bad one. */
gboolean  lab_export_replay_check         (double                 fps,
                                           double                 speed,
                                           GError               **error);
/* The number of frames a replay of @duration_ns makes: the first at 0, the
 * last at the end. */
guint     lab_export_replay_count_frames  (gint64                 duration_ns,
                                           double                 fps,
                                           double                 speed);
gboolean  lab_export_replay_frames        (LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           double                 fps,
                                           double                 speed,
                                           const char            *folder,
                                           guint                 *out_n_frames,
                                           GError               **error);
gboolean  lab_export_replay_svg           (LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           double                 speed,
                                           const char            *path,
                                           GError               **error);

G_END_DECLS
