#!/bin/sh
# Prints the path of a Python >= 3.12 (Django 6 needs it): PATH first, then pyenv's versions.
for candidate in python3.13 python3.12; do
  if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; exit 0; fi
done
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13* "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*; do
  if [ -x "$dir/bin/python" ]; then echo "$dir/bin/python"; exit 0; fi
done
if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  command -v python3; exit 0
fi
echo "Serve Python 3.12 o 3.13 (Django 6): installalo o aggiungilo al PATH." >&2
exit 1
