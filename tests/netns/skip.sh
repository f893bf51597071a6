# shellcheck shell=bash
# skip_test REASON: a test that cannot run here says why and exits 77, which ctest counts as
# skipped on a developer's machine. In CI (CI=true) it fails instead: there a test that cannot
# run is a missing install step, and a skipped test must not pass as a green run.
skip_test() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $1 (a test that cannot run fails in CI)"
    exit 1
  fi
  echo "SKIP: $1"
  exit 77
}
