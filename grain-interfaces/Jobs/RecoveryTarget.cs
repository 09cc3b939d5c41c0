namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// What failed when a job was blocked, and so what its recovery test must try again: the SSH host of a system's login
/// or storage block, the batch scheduler of an execution system, or the server of an http(s)/ftp input. An input's
/// server is only <c>scheme://host:port</c>, never a path, a query or a credential: it is shown to tenant admins and
/// shared by every job fetching from that server. Stored with the job as its <see cref="Text"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.RecoveryTarget")]
public sealed record RecoveryTarget(
    [property: Id(0)] RecoveryTargetKind Kind,
    [property: Id(1)] string Name)
{
    public static RecoveryTarget SshLogin(string systemId) => new(RecoveryTargetKind.SshLogin, systemId);

    public static RecoveryTarget SshStorage(string systemId) => new(RecoveryTargetKind.SshStorage, systemId);

    public static RecoveryTarget Scheduler(string systemId) => new(RecoveryTargetKind.Scheduler, systemId);

    public static RecoveryTarget InputServer(string origin) => new(RecoveryTargetKind.InputServer, origin);

    /// <summary>"Kind name", e.g. <c>SshStorage inputs-sftp</c> or <c>InputServer https://files.example.org:443</c>.</summary>
    public string Text => $"{Kind} {Name}";

    /// <summary>The target written as <see cref="Text"/>; null for null, empty or unreadable text.</summary>
    public static RecoveryTarget? Parse(string? text)
    {
        var space = text?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        return space > 0
               && Enum.TryParse<RecoveryTargetKind>(text![..space], ignoreCase: false, out var kind)
               && Enum.IsDefined(kind)
               && space < text.Length - 1
            ? new RecoveryTarget(kind, text[(space + 1)..])
            : null;
    }
}
