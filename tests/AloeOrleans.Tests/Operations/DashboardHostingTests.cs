using AloeOrleans.Gateway.Operations;
using AloeOrleans.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using Xunit;

namespace AloeOrleans.Tests.Operations;

/// <summary>
/// Grain profiling is off unless an operator turns it on: the dashboard's timing filter is removed from the silo. The
/// first test guards the removal itself: if a new dashboard version registered its filter differently, it would fail.
/// </summary>
public sealed class DashboardHostingTests
{
    [Fact]
    public void The_dashboard_package_registers_its_profiling_filter()
    {
        Assert.True(Registers(silo => silo.AddDashboard()));
    }

    [Fact]
    public void Grain_profiling_is_off_by_default()
    {
        Assert.False(new OperationsOptions().GrainProfiling);
        Assert.False(Registers(silo => silo.AddAloeDashboard(new OperationsOptions())));
    }

    [Fact]
    public void An_operator_may_turn_grain_profiling_on()
    {
        Assert.True(Registers(silo => silo.AddAloeDashboard(new OperationsOptions { GrainProfiling = true })));
    }

    private static bool Registers(Action<ISiloBuilder> configure)
    {
        var profiled = false;
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            configure(silo);
            profiled = DashboardHosting.HasProfiler(silo.Services);
        });
        return profiled;
    }
}
