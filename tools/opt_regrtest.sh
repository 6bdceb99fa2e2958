#!/usr/bin/env bash
# Optimize a copy of a CPython installation with `pycasm opt --in-place` and run its own
# regression tests; every test module that passes with the original library must pass
# with the optimized one.
#
# usage: tools/opt_regrtest.sh VERSION [MODULE...]
#   VERSION  2.7, 3.6 ... 3.13 (the interpreter is found like the tests find it)
#   MODULE   test modules to run (default: the list below, those the version has)
# env: PYCASM (the pycasm binary; default target/release/pycasm), PYCASM_PYENV_ROOT,
#      JOBS (parallel test processes, default 2), KEEP=1 keeps the copy.
set -euo pipefail

ver=${1:?usage: tools/opt_regrtest.sh VERSION [MODULE...]}
shift
pycasm=${PYCASM:-target/release/pycasm}
root=${PYCASM_PYENV_ROOT:-/root/.pyenv/versions}
src=$(ls -d "$root"/"$ver".* 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$src" ]; then
  echo "SKIP $ver: no interpreter under $root"
  exit 0
fi
jobs=${JOBS:-2}

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
  modules=(test_grammar test_exceptions test_generators test_with test_scope test_class
    test_dict test_list test_set test_string test_unicode test_str test_json test_re
    test_collections test_itertools test_functools test_contextlib test_dataclasses
    test_enum test_typing test_ast test_compile test_builtin test_types test_int test_long
    test_float test_math test_bool test_tuple test_userdict test_userlist test_operator
    test_iter test_genexps test_listcomps test_setcomps test_dictcomps test_raise
    test_keywordonlyarg test_unpack test_opcodes test_augassign test_binop test_slice
    test_sort test_heapq test_bisect test_deque test_defaultdict test_textwrap test_difflib
    test_pprint test_copy test_weakref test_abc test_super test_property test_decorators
    test_coroutines test_asyncgen test_contextlib_async test_fstring test_format test_bytes
    test_exception_group test_patma test_named_expressions test_positional_only_arg
    test_string_literals test_fractions test_decimal test_statistics test_random
    test_struct test_array test_os test_shutil test_tempfile test_csv test_argparse
    test_logging test_unittest test_doctest test_traceback)
fi

work=$(mktemp -d)
trap '[ "${KEEP:-}" = 1 ] || rm -rf "$work"' EXIT
cp -a "$src" "$work/py"
py="$work/py/bin/python"
lib=$(ls -d "$work"/py/lib/python"$ver")
have=()
for m in "${modules[@]}"; do
  if [ -e "$lib/test/$m.py" ] || [ -d "$lib/test/$m" ]; then have+=("$m"); fi
done
echo "== $ver: ${#have[@]} test modules, copy at $work/py"

# Make sure every test module has an up-to-date .pyc, so that the optimized code is what runs.
"$py" -m compileall -q -x 'lib2to3/tests|badsyntax|bad_coding' "$lib" >/dev/null 2>&1 || true

run_tests() {
  local out=$1
  : >"$out"
  for m in "${have[@]}"; do
    echo "$m"
  done | xargs -P "$jobs" -I{} sh -c \
    'if timeout 900 "$0" -B -m test {} >"$1.{}.log" 2>&1; then echo "{} ok"; else echo "{} FAIL"; fi' \
    "$py" "$out" >>"$out"
  sort -o "$out" "$out"
}

if [ "$ver" = 2.7 ]; then
  # 2.7's package is test.regrtest; `-m test` runs test/__main__ only from 3.x.
  printf 'from test import regrtest\nregrtest.main()\n' >"$lib/test/__main__.py"
  "$py" -m compileall -q "$lib/test/__main__.py" >/dev/null 2>&1 || true
fi

echo "-- original library"
run_tests "$work/before"
echo "-- optimizing $lib in place"
"$pycasm" opt "$lib" --in-place | tail -8
echo "-- optimized library"
run_tests "$work/after"

pass=0
fail=0
while read -r m status; do
  after=$(awk -v m="$m" '$1 == m { print $2 }' "$work/after")
  if [ "$status" = ok ] && [ "$after" != ok ]; then
    echo "REGRESSION $m (log: $work/after.$m.log)"
    tail -30 "$work/after.$m.log" || true
    fail=$((fail + 1))
  elif [ "$status" = ok ]; then
    pass=$((pass + 1))
  else
    echo "note: $m fails with the original library too"
  fi
done <"$work/before"
echo "$ver: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
