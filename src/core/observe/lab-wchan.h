/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-types.h"

G_BEGIN_DECLS

/*
 * What a thread's wait means, from the kernel function it sleeps in
 * (`/proc/PID/task/TID/wchan`):
 *
 * - "0": not asleep (runnable: on a core or on a run queue);
 * - a futex wait ("futex_do_wait", "futex_wait_queue"): blocked on a lock
 *   or a condition of the program: `waiting-lock`. A CPython thread
 *   waiting for the GIL, a thread in pthread_mutex_lock or in join, a
 *   pool worker waiting for its next job all look like this;
 * - stopped by a signal or a debugger ("do_signal_stop", "ptrace_stop"):
 *   not a wait of the program's own, left blank (LAB_N_STATES);
 * - any other sleep (poll, select, epoll, read, nanosleep, wait4, a disk
 *   read): `waiting-io`, waiting for I/O, a timer or another process.
 *
 * Returns LAB_STATE_RUNNING for runnable, a waiting state, or LAB_N_STATES.
 */
LabState lab_wchan_classify (const char *wchan);

G_END_DECLS
