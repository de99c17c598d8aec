/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-chart.h"

G_BEGIN_DECLS

/*
 * SVG text as text, shared by the still images (lab-export.c) and the
 * animated replay (lab-export-replay-svg.c): the chart is drawn with its
 * glyphs left out and every line reported here, then written as <text>
 * elements in the chart's typeface, size, weight, colour and place.
 */
typedef struct _LabSvgText LabSvgText;

LabSvgText *_lab_svg_text_new     (void);
void        _lab_svg_text_free    (LabSvgText      *text);
/* Points @options' text reports at @text and hides the glyphs. */
void        _lab_svg_text_collect (LabSvgText      *text,
                                   LabChartOptions *options);
/* The <text> elements so far, in a group, for the SVG document. */
void        _lab_svg_text_write   (LabSvgText      *text,
                                   GString         *svg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabSvgText, _lab_svg_text_free)

/* A number in SVG, with a point whatever the locale. */
void            _lab_svg_append_number (GString             *out,
                                        double               v);
/* A cairo write function appending to the GString @closure. */
cairo_status_t  _lab_svg_append_cb     (void                *closure,
                                        const unsigned char *data,
                                        unsigned int         length);

G_END_DECLS
