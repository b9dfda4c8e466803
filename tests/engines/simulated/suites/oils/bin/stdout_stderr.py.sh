#!/bin/sh
# The Oils spec tests' stdout_stderr.py, written in sh for this harness.
echo STDOUT
echo STDERR >&2
