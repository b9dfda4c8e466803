"""The simulated sandbox shell: a POSIX ``sh`` interpreted in-process on a virtual filesystem."""
