using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Security;
using AloeOrleans.Grains.Staging;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The files a submission would read and write, checked before anything is stored: every input that lies on a
/// registered system (found as staging will find it, <see cref="InputLocator"/>) against <see cref="PathAccessPolicy"/>
/// for reading, and a named <c>archivePath</c> for writing. An input naming no system of the tenant is invalid; a path
/// the owner may not use is <see cref="SubmissionErrorKind.Forbidden"/>. http(s) and ftp inputs are not on a system:
/// the network rules decide those.
/// </summary>
internal static class SubmissionFileAccess
{
    private const int MaxShownCharacters = 256;

    /// <param name="inputsJson">The inputs in their stored form, app defaults included: exactly what staging will read.</param>
    /// <param name="archiveSystem">The archive target when the job archives to a STORAGE system; null otherwise.</param>
    /// <param name="archivePath">The requested archive folder; empty means the default one under the owner's home.</param>
    public static void Check(SubmissionIdentity identity, TenantCatalog tenant, AppDefinition app, string inputsJson, SystemDefinition? archiveSystem,
        string archivePath, List<SubmissionError> errors)
    {
        var accessor = new PathAccessor(identity.Owner, identity.IsTenantAdmin);
        foreach (var (inputId, values) in StoredInputs.Read(inputsJson))
        {
            var field = $"inputs.{inputId}";
            foreach (var value in values)
            {
                CheckInput(field, InputSource.Parse(value), accessor, identity.TenantId, tenant, app, errors);
            }
        }

        if (archiveSystem is not null && archivePath.Length > 0)
        {
            var decision = PathAccessPolicy.Decide(accessor, archiveSystem, archivePath, PathAccess.Write);
            if (!decision.Allowed)
            {
                errors.Add(new SubmissionError("archivePath",
                    $"archivePath: you may not write '{Shown(archivePath)}' on system {archiveSystem.Id}: {decision.Rule}", SubmissionErrorKind.Forbidden));
            }
        }
    }

    private static void CheckInput(string field, InputSource source, PathAccessor accessor, string tenantId, TenantCatalog tenant,
        AppDefinition app, List<SubmissionError> errors)
    {
        var location = InputLocator.Locate(source, tenantId, tenant, app);
        if (location.Problem is { } problem)
        {
            errors.Add(new SubmissionError(field, $"{field}: '{Shown(source.Redacted)}' cannot be read: {problem}"));
            return;
        }

        if (location.System is not { } system)
        {
            return;
        }

        var decision = PathAccessPolicy.Decide(accessor, system, location.Path, PathAccess.Read);
        if (!decision.Allowed)
        {
            var what = source.Original == location.Path
                ? $"'{Shown(location.Path)}' on system {system.Id}"
                : $"'{Shown(source.Redacted)}' (path '{Shown(location.Path)}' on system {system.Id})";
            errors.Add(new SubmissionError(field, $"{field}: you may not read {what}: {decision.Rule}", SubmissionErrorKind.Forbidden));
        }
    }

    private static string Shown(string text) =>
        text.Length <= MaxShownCharacters ? text : string.Concat(text.AsSpan(0, MaxShownCharacters), "…");
}
