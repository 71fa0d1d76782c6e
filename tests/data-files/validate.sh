#!/bin/sh
# Validate one built or shipped data file. Exit 0 when valid, 1 when not,
# 77 (skip) when the validator is not installed.
#
#   validate.sh desktop FILE                 desktop-file-validate, no errors, warnings or hints
#   validate.sh metainfo FILE                appstreamcli validate --no-net, no errors, warnings or infos
#   validate.sh gschema DIR                  glib-compile-schemas --strict --dry-run
#   validate.sh mime FILE TYPE GLOB PARENT   well-formed XML that update-mime-database reads as TYPE
#   validate.sh svg FILE                     well-formed XML that rsvg-convert renders
#   validate.sh translated FILE PATTERN...   FILE has a line matching each grep -E PATTERN
set -u

kind="${1:?kind}"
shift

need () {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "SKIP: $1 is not installed (Debian package: $2)"
    exit 77
  fi
}

fail () {
  echo "FAIL: $*"
  exit 1
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

case "$kind" in
  desktop)
    need desktop-file-validate desktop-file-utils
    file="$1"
    [ -f "$file" ] || fail "$file does not exist"
    desktop-file-validate "$file" > "$tmp/out" 2>&1
    rc=$?
    cat "$tmp/out"
    [ "$rc" -eq 0 ] || fail "desktop-file-validate exited with $rc"
    [ -s "$tmp/out" ] && fail "desktop-file-validate reported problems"
    ;;

  metainfo)
    need appstreamcli appstream
    file="$1"
    [ -f "$file" ] || fail "$file does not exist"
    appstreamcli validate --no-net --explain "$file" > "$tmp/out" 2>&1
    rc=$?
    cat "$tmp/out"
    [ "$rc" -eq 0 ] || fail "appstreamcli validate exited with $rc"
    grep -q '^[EWI]: ' "$tmp/out" && fail "appstreamcli reported errors, warnings or infos"
    ;;

  gschema)
    need glib-compile-schemas libglib2.0-bin
    dir="$1"
    ls "$dir"/*.gschema.xml > /dev/null 2>&1 || fail "no *.gschema.xml in $dir"
    glib-compile-schemas --strict --dry-run "$dir" || fail "glib-compile-schemas --strict rejected $dir"
    ;;

  mime)
    need xmllint libxml2-utils
    file="$1" type="$2" glob="$3" parent="$4"
    xmllint --noout "$file" || fail "$file is not well-formed XML"
    need update-mime-database shared-mime-info
    mkdir -p "$tmp/mime/packages"
    cp "$file" "$tmp/mime/packages/under-test.xml"
    XDG_DATA_DIRS="$tmp:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
      update-mime-database "$tmp/mime" > "$tmp/out" 2>&1
    rc=$?
    cat "$tmp/out"
    [ "$rc" -eq 0 ] || fail "update-mime-database exited with $rc"
    [ -s "$tmp/out" ] && fail "update-mime-database reported problems"
    grep -qxF "50:$type:$glob" "$tmp/mime/globs2" ||
      fail "update-mime-database does not map $glob to $type: $(cat "$tmp/mime/globs2")"
    grep -qxF "$type $parent" "$tmp/mime/subclasses" ||
      fail "$type is not a subclass of $parent"
    echo "ok: $glob is $type, a subclass of $parent"
    ;;

  svg)
    need xmllint libxml2-utils
    file="$1"
    xmllint --noout "$file" || fail "$file is not well-formed XML"
    need rsvg-convert librsvg2-bin
    rsvg-convert -w 64 -h 64 -o "$tmp/icon.png" "$file" || fail "rsvg-convert cannot render $file"
    [ -s "$tmp/icon.png" ] || fail "rsvg-convert produced nothing for $file"
    echo "ok: $file renders"
    ;;

  translated)
    file="$1"
    shift
    [ -f "$file" ] || fail "$file does not exist"
    for pattern in "$@"; do
      grep -qE -- "$pattern" "$file" || fail "$file has no line matching $pattern: are the translations merged?"
      echo "ok: $(grep -E -m1 -- "$pattern" "$file" | sed 's/^[[:space:]]*//')"
    done
    ;;

  *)
    echo "validate.sh: unknown kind $kind" >&2
    exit 2
    ;;
esac
exit 0
