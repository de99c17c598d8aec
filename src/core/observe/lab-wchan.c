/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include <string.h>

#include "lab-wchan.h"

LabState
lab_wchan_classify (const char *wchan)
{
  g_return_val_if_fail (wchan != NULL, LAB_N_STATES);

  if (wchan[0] == '\0' || strcmp (wchan, "0") == 0)
    return LAB_STATE_RUNNING;
  if (strstr (wchan, "futex") != NULL)
    return LAB_STATE_WAITING_LOCK;
  if (strstr (wchan, "signal_stop") != NULL || strstr (wchan, "ptrace_stop") != NULL)
    return LAB_N_STATES;
  return LAB_STATE_WAITING_IO;
}
