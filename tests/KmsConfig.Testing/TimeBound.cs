using Xunit;

namespace KmsConfig.Testing;

/// <summary>Runs one fuzz case with a time limit, so a hang fails the test with the case's name instead of stalling the run.</summary>
public static class TimeBound
{
    /// <summary>Runs <paramref name="action"/> on the thread pool and returns its result, or rethrows its exception as thrown.</summary>
    /// <param name="action">The case.</param>
    /// <param name="limit">How long the case may take.</param>
    /// <param name="describe">Names the case (seed, number, input) in the failure message of a hang.</param>
    /// <returns>What <paramref name="action"/> returned.</returns>
    public static T Run<T>(Func<T> action, TimeSpan limit, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(describe);
        var task = Task.Run(action);
        try
        {
            task.Wait(limit);
        }
        catch (AggregateException)
        {
            // Faulted: rethrown below as the original exception.
        }

        if (!task.IsCompleted)
        {
            Assert.Fail($"The case did not finish within {limit.TotalSeconds:0.#} s (a hang): {describe()}");
        }

        return task.GetAwaiter().GetResult();
    }
}
