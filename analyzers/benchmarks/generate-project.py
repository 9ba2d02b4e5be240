#!/usr/bin/env python3
"""Generates a 500-file console project that exercises the KmsConfig analyzers, for analyzer-time measurements.

Usage: python3 generate-project.py OUT_DIR [FILES]
Then:  dotnet build OUT_DIR -p:ReportAnalyzer=true -v:detailed --no-incremental   (see analyzers/docs/benchmark.md)
"""
import json
import os
import sys

out = sys.argv[1]
files = int(sys.argv[2]) if len(sys.argv) > 2 else 500
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
build = os.path.join(repo, "analyzers", "KmsConfig.Analyzers", "buildTransitive")
dll = os.path.join(repo, "analyzers", "KmsConfig.Analyzers", "bin", "Release", "netstandard2.0", "KmsConfig.Analyzers.dll")
os.makedirs(out, exist_ok=True)

with open(os.path.join(out, "Bench.csproj"), "w") as f:
    f.write(f"""<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="{build}/KmsConfig.Analyzers.props" Condition="'$(WithKmsAnalyzer)' != 'false'" />
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);CS8618;CS0219</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />
    <PackageReference Include="Microsoft.Extensions.Configuration.Binder" Version="10.0.15" />
    <PackageReference Include="Microsoft.Extensions.Options.ConfigurationExtensions" Version="10.0.15" />
  </ItemGroup>
  <ItemGroup Condition="'$(WithKmsAnalyzer)' != 'false'">
    <Analyzer Include="{dll}" />
  </ItemGroup>
  <Import Project="{build}/KmsConfig.Analyzers.targets" Condition="'$(WithKmsAnalyzer)' != 'false'" />
</Project>
""")

settings = {"Logging": {"LogLevel": {"Default": "Information"}}, "AllowedHosts": "*"}
for i in range(files):
    settings[f"Service{i}"] = {
        "Endpoint": f"https://svc{i}.internal/api",
        "TimeoutSeconds": 30,
        "Retries": 3,
        "ApiKeyHeaderName": "X-Api-Key",
        "ApiKey": "kms:v1:AQAFYS1rZXkA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA" if i % 10 else f"k{i}-Zx81kLm29QpR7tWv5Yb",
        "Features": {"Enabled": True, "Tags": ["a", "b"]},
    }
with open(os.path.join(out, "appsettings.json"), "w") as f:
    json.dump(settings, f, indent=2)

with open(os.path.join(out, "Program.cs"), "w") as f:
    f.write("using Microsoft.Extensions.Hosting;\nvar builder = Host.CreateApplicationBuilder(args);\n")
    for i in range(files):
        f.write(f"Bench.Service{i}Registration.Register(builder.Services, builder.Configuration);\n")

for i in range(files):
    with open(os.path.join(out, f"Service{i}.cs"), "w") as f:
        f.write(f"""using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bench;

public sealed class Service{i}Options
{{
    public const string SectionName = "Service{i}";
    public string Endpoint {{ get; set; }} = "";
    public int TimeoutSeconds {{ get; set; }}
    public int Retries {{ get; set; }}
    public string ApiKeyHeaderName {{ get; set; }} = "";
    public string ApiKey {{ get; set; }} = "";
    public FeatureOptions Features {{ get; set; }} = new();
}}

public sealed class FeatureOptions{i}
{{
    public bool Enabled {{ get; set; }}
    public List<string> Tags {{ get; set; }} = new();
}}

public static class Service{i}Registration
{{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {{
        services.Configure<Service{i}Options>(configuration.GetSection(Service{i}Options.SectionName));
        var section = configuration.GetSection("Service{i}");
        var timeout = section.GetValue<int>("TimeoutSeconds");
        var endpoint = configuration["Service{i}:Endpoint"];
        services.AddSingleton(new Service{i}(endpoint ?? "", timeout));
    }}
}}

public sealed class Service{i}
{{
    private readonly string _endpoint;
    private readonly int _timeout;

    public Service{i}(string endpoint, int timeout)
    {{
        _endpoint = endpoint;
        _timeout = timeout;
    }}

    public string Describe(int attempt)
    {{
        var message = $"Calling {{_endpoint}} (attempt {{attempt}}, timeout {{_timeout}}s)";
        var parts = new List<string> {{ "alpha", "beta", "gamma", message }};
        for (var n = 0; n < parts.Count; n++)
        {{
            if (parts[n].Length > 4 && parts[n].Contains('a', StringComparison.Ordinal))
            {{
                parts[n] = parts[n].ToUpperInvariant();
            }}
        }}

        return string.Join(", ", parts) + Compute(attempt).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }}

    private static int Compute(int value) => value switch {{ 0 => 1, 1 => 2, _ => Compute(value - 1) + Compute(value - 2) }};
}}

public sealed class FeatureOptions : IEquatable<FeatureOptions>
{{
    public bool Equals(FeatureOptions? other) => other is not null;
    public override bool Equals(object? obj) => Equals(obj as FeatureOptions);
    public override int GetHashCode() => 0;
}}
""".replace("public sealed class FeatureOptions : IEquatable<FeatureOptions>", "public sealed class FeatureOptions" + ("" if i == 0 else str(i) + "x") + " : IEquatable<FeatureOptions>"))
