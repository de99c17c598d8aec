/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lab-comparison.h"

G_BEGIN_DECLS

/*
 * LabReplay: a finished comparison as a sequence of events, to play it back
 * with captions. An event is a change of one task's state (a segment begins
 * or ends) in one panel. Times are relative to each panel's own zero, as
 * the chart draws them: the trace's begin, so models run one after another
 * all start at 0 (see lab_chart_get_axis()).
 *
 * Building the index costs one sort of the events; a caption for a time
 * moves a cursor from the previous time, so playing forward costs each
 * event once, whatever the number of tasks. A replay is a snapshot of the
 * traces when it was made; it is safe to use from one thread at a time
 * (captions move the internal cursor under a lock).
 */

#define LAB_TYPE_REPLAY (lab_replay_get_type ())

typedef struct _LabReplay LabReplay;

/**
 * LAB_REPLAY_STATE_NONE:
 *
 * The state of a task that is not in any segment: not started, between
 * segments or done. Used in #LabReplayEvent.
 */
#define LAB_REPLAY_STATE_NONE 0xff

/**
 * LabReplayEvent:
 * @t_ns: when, relative to the panel's zero
 * @task: the task, 0-based
 * @panel: the trace's index in the comparison
 * @state: the #LabState the task enters, or %LAB_REPLAY_STATE_NONE
 * @previous: the state it leaves, or %LAB_REPLAY_STATE_NONE
 */
typedef struct
{
  gint64  t_ns;
  guint32 task;
  guint16 panel;
  guint8  state;
  guint8  previous;
} LabReplayEvent;

GType        lab_replay_get_type           (void) G_GNUC_CONST;
LabReplay   *lab_replay_new                (LabComparison *comparison);
LabReplay   *lab_replay_ref                (LabReplay     *self);
void         lab_replay_unref              (LabReplay     *self);

guint        lab_replay_get_n_panels       (LabReplay     *self);
/* The longest panel's length: where playback ends. */
gint64       lab_replay_get_duration_ns    (LabReplay     *self);
gint64       lab_replay_get_panel_duration_ns (LabReplay  *self,
                                               guint       panel);

/* Every event of every panel, ordered by time (then panel). */
const LabReplayEvent *lab_replay_get_events (LabReplay    *self,
                                             gsize        *n_events);
/* The first event time strictly after @t_ns, or the last strictly before
 * it, over all panels; FALSE where there is none. */
gboolean     lab_replay_next_event         (LabReplay     *self,
                                            gint64         t_ns,
                                            gint64        *out_ns);
gboolean     lab_replay_previous_event     (LabReplay     *self,
                                            gint64         t_ns,
                                            gint64        *out_ns);

/* Steps for a person: events less than @gap_ns apart are one moment (a
 * task ends and the next starts), and a step lands where the last of them
 * has happened. FALSE where there is no further moment. */
gboolean     lab_replay_next_step          (LabReplay     *self,
                                            gint64         t_ns,
                                            gint64         gap_ns,
                                            gint64        *out_ns);
gboolean     lab_replay_previous_step      (LabReplay     *self,
                                            gint64         t_ns,
                                            gint64         gap_ns,
                                            gint64        *out_ns);

/* One translated line saying what happens in @panel at @t_ns:
 * "event-loop: task 2 waits for I/O; the loop runs task 3". */
char        *lab_replay_dup_caption        (LabReplay     *self,
                                            guint          panel,
                                            gint64         t_ns);
/* A line per panel, NULL-terminated. */
char       **lab_replay_dup_captions       (LabReplay     *self,
                                            gint64         t_ns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabReplay, lab_replay_unref)

G_END_DECLS
