/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * LabAffinity: a what-if run confined to the first N CPUs this process may
 * use, by CPU affinity. Threads do not all inherit it (GLib's pool threads
 * are made by a spawner thread, and the runner's own thread is reused), so
 * every thread a model computes on enters the affinity itself, and a reused
 * thread leaves it again afterwards. Worker processes inherit the mask of
 * the thread that starts them.
 */

typedef struct _LabAffinity      LabAffinity;
typedef struct _LabAffinityScope LabAffinityScope;

guint             lab_affinity_count_available (void);
gboolean          lab_affinity_check_limit     (guint              core_limit,
                                                GError           **error);
LabAffinity      *lab_affinity_new             (guint              core_limit,
                                                GError           **error);
void              lab_affinity_free            (LabAffinity       *self);
guint             lab_affinity_get_limit       (const LabAffinity *self);
gboolean          lab_affinity_contains        (const LabAffinity *self,
                                                int                cpu);

LabAffinityScope *lab_affinity_enter           (const LabAffinity *self);
void              lab_affinity_leave           (LabAffinityScope  *scope);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabAffinity, lab_affinity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabAffinityScope, lab_affinity_leave)

G_END_DECLS
