#!/usr/bin/env bash
# Applies each of five known-plausible LCM bugs to the working tree, one at a time, runs the LCM tests,
# prints which tests failed, and restores the file. Usage: bash scripts/check-lcm-bugs.sh
set -u
cd "$(dirname "$0")/.."
S=src/engine/lcm/scheduler.ts
P=src/engine/lcm/pipeline.ts
bugs=(
  "c_skip and c_out swapped|$S|s/cOut \* ((x - sb \* eps\[i\]) \/ sa) + cSkip \* x/cSkip * ((x - sb * eps[i]) \/ sa) + cOut * x/"
  "latents multiplied by 0.18215 before the VAE|$P|s/(v) => v \/ VAE_SCALE/(v) => v * VAE_SCALE/"
  "re-noising between steps dropped|$S|s/pa \* d + pb \* noise\[i\]/d/"
  "sign of eps flipped in x0|$S|s/(x - sb \* eps\[i\])/(x + sb * eps[i])/"
  "timestep scaling 1 instead of 10|$S|s/const TIMESTEP_SCALING = 10/const TIMESTEP_SCALING = 1/"
)
status=0
for b in "${bugs[@]}"; do
  IFS='|' read -r name file expr <<<"$b"
  cp "$file" "$file.orig"
  sed -i "$expr" "$file"
  if cmp -s "$file" "$file.orig"; then echo "!! $name: the edit did not apply"; status=1; mv "$file.orig" "$file"; continue; fi
  failed=$(node --import tsx --test test/engine/lcm/*.test.ts 2>&1 | grep -E '^not ok' | sed 's/^not ok [0-9]* - /    /')
  mv "$file.orig" "$file"
  if [ -z "$failed" ]; then echo "!! $name: NO test failed"; status=1; else echo "$name: caught by"; echo "$failed"; fi
done
exit $status
