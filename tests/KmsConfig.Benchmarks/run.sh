#!/usr/bin/env bash
# Runs every KmsConfig benchmark of issue 5 and regenerates the tables and plots of docs/performance.md.
#
#   tests/KmsConfig.Benchmarks/run.sh            # everything, about 15 minutes on a busy 2-core machine
#   tests/KmsConfig.Benchmarks/run.sh --quick    # a smoke run of every part (about 4 minutes); numbers are rough
#   PARTS="startup crypto" tests/KmsConfig.Benchmarks/run.sh   # some parts only; the others' results are kept
#
# Needs only the .NET SDK and python3 with moto (as the tests do): the startup benchmark starts moto itself on a
# free loopback port through tests/KmsConfig.Testing and kills it by pid when it ends. Results go to
# tests/KmsConfig.Benchmarks/results/*.json, then 'report' rewrites the generated blocks of docs/performance.md and
# docs/performance-*.png from them.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

quick=""
if [[ "${1:-}" == "--quick" ]]; then
  quick="--quick"
fi
parts=${PARTS:-"startup crypto tool analyzer"}
results="$root/tests/KmsConfig.Benchmarks/results"
mkdir -p "$results"
times=()
script_start=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)

step() { # name, command...
  local name=$1; shift
  local start; start=$(date +%s)
  echo "== $name" >&2
  "$@"
  times+=("$name $(( $(date +%s) - start ))")
}

build() {
  dotnet build tests/KmsConfig.Benchmarks/KmsConfig.Benchmarks.csproj -c Release -nologo -v:q
  # The tool and the analyzer belong to other parts of the solution; a part whose build fails is skipped, not fatal.
  dotnet build src/KmsConfig.Tool/KmsConfig.Tool.csproj -c Release -nologo -v:q || echo "The tool did not build; part 3 is skipped." >&2
  dotnet build analyzers/KmsConfig.Analyzers/KmsConfig.Analyzers.csproj -c Release -nologo -v:q || echo "The analyzer did not build; part 4 is skipped." >&2
}

bench() {
  dotnet "$root/tests/KmsConfig.Benchmarks/bin/Release/net10.0/KmsConfig.Benchmarks.dll" "$@"
}

tool_dll="$root/src/KmsConfig.Tool/bin/Release/net10.0/dotnet-kms-encrypt.dll"
analyzer_dll="$root/analyzers/KmsConfig.Analyzers/bin/Release/netstandard2.0/KmsConfig.Analyzers.dll"

step build build
for part in $parts; do
  case $part in
    startup) step startup bench startup $quick ;;
    crypto) step crypto bench crypto $quick ;;
    tool)
      if [[ -f "$tool_dll" ]]; then step tool bench tool "$tool_dll" $quick; else echo "No $tool_dll; part 3 skipped." >&2; fi ;;
    analyzer)
      if [[ -f "$analyzer_dll" ]]; then step analyzer bench analyzer "$analyzer_dll" $quick; else echo "No $analyzer_dll; part 4 skipped." >&2; fi ;;
    *) echo "Unknown part '$part'." >&2; exit 2 ;;
  esac
done

times+=("total $(( $(date +%s) - script_start ))")
if [[ "$parts" == "startup crypto tool analyzer" ]]; then
  { (IFS=,; echo "${times[*]}" | sed 's/,/, /g'); echo "load average (1, 5, 15 min) at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"; } > "$results/run-times.txt"
fi
bench report
echo "Done in $(( $(date +%s) - script_start )) s: ${times[*]}" >&2
