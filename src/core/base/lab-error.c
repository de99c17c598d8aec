/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-error"

#include "config.h"

#include "lab-error.h"

G_DEFINE_QUARK (lab-error-quark, lab_error)
