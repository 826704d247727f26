#!/bin/sh
# Prints the path of a working Python >= 3.12 (Django 6 needs it): PATH first, then pyenv's versions.
works() {
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1
}
for candidate in python3.13 python3.12 python3; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  # pyenv shims exist for every installed version but fail when it is not selected: test each one.
  if works "$path"; then echo "$path"; exit 0; fi
done
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13* "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*; do
  if [ -x "$dir/bin/python" ] && works "$dir/bin/python"; then echo "$dir/bin/python"; exit 0; fi
done
echo "Serve Python 3.12 o 3.13 (Django 6): installalo o aggiungilo al PATH." >&2
exit 1
