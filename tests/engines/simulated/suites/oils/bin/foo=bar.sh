#!/bin/sh
# The Oils spec tests' foo=bar helper (a program whose name has an = in it).
echo HI
