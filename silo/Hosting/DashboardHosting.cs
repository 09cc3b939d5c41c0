using AloeOrleans.Gateway.Operations;
using Orleans.Dashboard;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// The Orleans dashboard (docs/operations.md, "The dashboard"), behind <see cref="OperatorGate"/>. Two of its features
/// are off unless an operator turns them on: grain method profiling (a filter that times every grain call) and the
/// live log stream.
/// </summary>
public static class DashboardHosting
{
    /// <summary>The dashboard's grain call filter, by name: the package does not make its type public.</summary>
    private const string ProfilerFilterName = "GrainProfilerFilter";

    public static ISiloBuilder AddAloeDashboard(this ISiloBuilder silo, OperationsOptions operations)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(operations);
        silo.AddDashboard(dashboard => dashboard.HideTrace = !operations.DashboardLogStream);
        if (!operations.GrainProfiling)
        {
            RemoveProfiler(silo.Services);
        }

        return silo;
    }

    public static IClientBuilder AddAloeDashboard(this IClientBuilder client, OperationsOptions operations)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(operations);
        client.AddDashboard(dashboard => dashboard.HideTrace = !operations.DashboardLogStream);
        return client;
    }

    /// <summary>True when the profiling filter is registered (a test checks the removal still finds it after an upgrade).</summary>
    public static bool HasProfiler(IServiceCollection services) => services.Any(IsProfiler);

    private static void RemoveProfiler(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(IsProfiler).ToList())
        {
            services.Remove(descriptor);
        }
    }

    private static bool IsProfiler(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType?.Name == ProfilerFilterName
        || (descriptor.IsKeyedService ? descriptor.KeyedImplementationType?.Name : null) == ProfilerFilterName;
}
