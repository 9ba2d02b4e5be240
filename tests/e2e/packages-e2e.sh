#!/usr/bin/env bash
# Checks what nuget.org users would get: packs the library, the tool and the analyzer (Release, a one-off version, into
# a temporary folder) and checks each package's layout and manifest: a README shown on the package page, the
# licence and project links, the library's two target frameworks with their XML docs and a symbols package, the
# tool's command, the analyzer's analyzer-only layout. Exits non-zero on the first missing piece.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kms-packages-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
version="0.1.0-packages.$(date +%s).$$"

for project in src/KmsConfig src/KmsConfig.Tool analyzers/KmsConfig.Analyzers; do
  echo "== dotnet pack $project"
  dotnet pack "$repo/$project" -c Release -p:PackageVersion="$version" -o "$work" --nologo -v quiet
done

# Each check: package, then entries that must be in it; '!name' must not be. Manifest checks take '<...>' fragments.
python3 - "$work" "$version" <<'PY'
import sys, zipfile, os
work, version = sys.argv[1], sys.argv[2]
failures = []
def check(package, entries=(), manifest=()):
    path = os.path.join(work, f"{package}.{version}.nupkg")
    if not os.path.exists(path):
        failures.append(f"{package}: no package"); return
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        nuspec = z.read(f"{package}.nuspec").decode("utf-8")
    for e in entries:
        if e.startswith("!"):
            if any(n.startswith(e[1:]) for n in names): failures.append(f"{package}: unexpected {e[1:]}")
        elif e not in names:
            failures.append(f"{package}: missing {e}")
    for m in manifest:
        if m.startswith("!"):
            if m[1:] in nuspec: failures.append(f"{package}: manifest has {m[1:]}")
        elif m not in nuspec:
            failures.append(f"{package}: manifest lacks {m}")
    print(f"{package}: {len(names)} entries checked")

common = ["<readme>README.md</readme>", '<license type="expression">MIT</license>',
          "<projectUrl>https://github.com/kmsconfig/kmsconfig</projectUrl>", '<repository type="git" url="https://github.com/kmsconfig/kmsconfig"']
check("KmsConfig",
      ["README.md", "lib/net8.0/KmsConfig.dll", "lib/net8.0/KmsConfig.xml", "lib/net10.0/KmsConfig.dll", "lib/net10.0/KmsConfig.xml"],
      common + ['<group targetFramework="net8.0">', '<group targetFramework="net10.0">', '<dependency id="AWSSDK.KeyManagementService"'])
if not os.path.exists(os.path.join(work, f"KmsConfig.{version}.snupkg")):
    failures.append("KmsConfig: no symbols package (.snupkg)")
check("KmsConfig.Tool",
      ["README.md", "tools/net10.0/any/dotnet-kms-encrypt.dll", "tools/net10.0/any/DotnetToolSettings.xml", "tools/net10.0/any/KmsConfig.dll"],
      common + ['<packageType name="DotnetTool"'])
check("KmsConfig.Analyzers",
      ["README.md", "analyzers/dotnet/cs/KmsConfig.Analyzers.dll", "buildTransitive/KmsConfig.Analyzers.targets", "docs/KMS1008.md", "!lib/"],
      common + ["<developmentDependency>true</developmentDependency>", "!<dependency "])
if failures:
    print("PACKAGES E2E FAILED:\n  " + "\n  ".join(failures), file=sys.stderr); sys.exit(1)
print("All three packages have their README, links, layout and manifest.")
PY
