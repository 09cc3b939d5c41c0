using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// User actions on one job, carried out by its grain. The gateway calls these only after it has checked that the job
/// is visible to the caller (owner or tenant admin).
/// </summary>
public interface IJobActions
{
    /// <summary>Cancel (also <c>kill</c>, <c>stop</c>): Done → 200 with the job, NotFound → 404, NotAllowedInState → 409.</summary>
    Task<ActionResult> CancelAsync(Guid jobUuid, Caller caller, CancellationToken cancellationToken);
}
