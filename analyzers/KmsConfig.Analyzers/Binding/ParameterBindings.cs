using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>
/// Reads of configuration parameters and the call sites that say which section each parameter is, gathered across the
/// compilation's files and joined at its end: <c>AddMail(this IServiceCollection services, IConfiguration section)</c>
/// binding <c>section</c> to <c>SmtpOptions</c>, called as <c>services.AddMail(config.GetSection("Smtp"))</c>, reads
/// <c>Smtp:Password</c> at that call. One level deep: a method that passes its parameter on to another is not followed.
/// </summary>
internal sealed class ParameterBindings
{
    private readonly ConcurrentDictionary<IParameterSymbol, ConcurrentBag<ConfigurationBinding>> _reads =
        new ConcurrentDictionary<IParameterSymbol, ConcurrentBag<ConfigurationBinding>>(SymbolEqualityComparer.Default);

    private readonly ConcurrentBag<(IParameterSymbol Parameter, string Section, Location Location)> _calls =
        new ConcurrentBag<(IParameterSymbol Parameter, string Section, Location Location)>();

    /// <summary>Records a read whose keys are relative to <paramref name="parameter"/>.</summary>
    public void AddRead(IParameterSymbol parameter, ConfigurationBinding relative)
        => _reads.GetOrAdd(parameter, _ => new ConcurrentBag<ConfigurationBinding>()).Add(relative);

    /// <summary>Records a call that passes the section at <paramref name="section"/> for <paramref name="parameter"/>.</summary>
    public void AddCall(IParameterSymbol parameter, string section, Location location)
        => _calls.Add((parameter.OriginalDefinition, section, location));

    /// <summary>Each call with the keys its callee reads through the parameter, placed under the section it passes.</summary>
    public IEnumerable<ConfigurationBinding> Join()
    {
        foreach (var (parameter, section, location) in _calls)
        {
            if (!_reads.TryGetValue(parameter, out var reads))
            {
                continue;
            }

            var keys = new List<KeyPattern>();
            foreach (var read in reads)
            {
                foreach (var key in read.Keys)
                {
                    keys.Add(KeyPattern.Under(section, key));
                }
            }

            yield return new ConfigurationBinding(location, keys);
        }
    }
}
