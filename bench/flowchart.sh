#!/usr/bin/env bash
# The seed's flowchart as most teams script it: for each package, its latest tag, then one
# `git log TAG..HEAD -- DIR` and the highest bump its messages ask for. One git process per package.
# Prints "name bump next-version" per package ("name - -" when it has nothing to release).
set -euo pipefail
for dir in packages/*/; do
  dir=${dir%/}
  if [[ -f $dir/package.json ]]; then manifest=$dir/package.json; else manifest=$dir/pyproject.toml; fi
  name=$(sed -nE 's/^ *"?name"? *[:=] *"([^"]+)".*/\1/p' "$manifest" | head -1)
  version=$(sed -nE 's/^ *"?version"? *[:=] *"([^"]+)".*/\1/p' "$manifest" | head -1)
  tag=$(git tag --list "$name-v*" --sort=-v:refname | head -1)
  log=$(git log --format='%x01%s%n%b' ${tag:+"$tag..HEAD"} ${tag:-HEAD} -- "$dir")
  if [[ -z $log ]]; then echo "$name - -"; continue; fi
  if grep -qE $'^\x01[A-Za-z][A-Za-z0-9_-]*(\\([^()]*\\))?!: |^BREAKING[ -]CHANGE: ' <<<"$log"; then bump=major
  elif grep -qiE $'^\x01feat(\\([^()]*\\))?: ' <<<"$log"; then bump=minor
  else bump=patch; fi
  if [[ -z $tag ]]; then echo "$name $bump $version"; continue; fi
  IFS=. read -r major minor patch <<<"${tag#"$name-v"}"
  case $bump in
    major) echo "$name major $((major + 1)).0.0" ;;
    minor) echo "$name minor $major.$((minor + 1)).0" ;;
    patch) echo "$name patch $major.$minor.$((patch + 1))" ;;
  esac
done
