# SPDX-License-Identifier: GPL-3.0-or-later
# Two jobs that make -j2 runs at once, each a shell counting, as two
# compilations would be. Trace it with
#   concurrency-lab trace -o make.png -- make -j2 -f two_jobs.mk

COUNT ?= 300000

all: first second

first second:
	@i=0; while [ $$i -lt $(COUNT) ]; do i=$$((i+1)); done; echo "$@ counted to $$i"

.PHONY: all first second
