#!/bin/sh
# The Oils spec tests' argv.py, written in sh for this harness: prints its arguments as a
# Python list (['a', 'b c']). It runs the same in dash and in the simulated shell, so any
# departure from Python's repr is the same on both sides.
out=
for a in "$@"; do
  case $a in
    *\\*) a=$(printf '%s' "$a" | sed 's/\\/\\\\/g') ;;
  esac
  case $a in
    *\'*) out="$out, \"$a\"" ;;
    *) out="$out, '$a'" ;;
  esac
done
printf '[%s]\n' "${out#, }"
