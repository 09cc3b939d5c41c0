namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// One line "Monitor tick on system S of tenant T: checked N job(s) with Q squeue and A sacct call(s)" (Slurm) or
/// "… with P probe …" (FORK) of the service log. Calls a line does not name are null.
/// </summary>
public sealed record MonitorTick(string SystemId, string TenantId, int Jobs, int? Squeue, int? Sacct, int? Probes);
