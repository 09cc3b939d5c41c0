using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Grains.Recovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units.Recovery;

/// <summary>An <see cref="IQuotaStore"/> whose counts the test fixes; it remembers the scope it counted and never admits.</summary>
internal sealed class FixedQuotaStore(ActiveJobCounts counts, ActiveJobCounts? returning) : IQuotaStore
{
    public QuotaScope? Counted { get; private set; }

    public Task<ActiveJobCounts> CountActiveAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        Counted = scope;
        return Task.FromResult(counts);
    }

    public Task<ActiveJobCounts> CountReturningAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        Assert.Equal(Counted, scope);
        return Task.FromResult(returning ?? ActiveJobCounts.None);
    }

    public Task<QuotaAdmission> AdmitAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, SubmissionLimits limits,
        CancellationToken cancellationToken) => throw new NotSupportedException("A test never admits.");
}
