namespace KmsConfig.Analyzers.Tests.Infrastructure;

/// <summary>Common C# around the snippets the rule tests care about.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Options;

        """;

    /// <summary>A class with one method whose body is <paramref name="body"/>; config and services are parameters.</summary>
    public static string InMethod(string body, string types = "")
        => Usings + """
            public static partial class Startup
            {
                public static void Configure(IConfiguration config, IServiceCollection services)
                {
            """ + "\n" + body + """

                }
            }

            """ + types;
}
