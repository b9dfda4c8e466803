#!/bin/sh
# The Oils spec tests' printenv.py, written in sh for this harness: prints the value of each
# named environment variable, or None when it is not in the environment.
for name in "$@"; do
  if env | grep -q "^$name="; then
    env | sed -n "s/^$name=//p"
  else
    echo None
  fi
done
