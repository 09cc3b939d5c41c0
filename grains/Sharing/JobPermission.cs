namespace AloeOrleans.Grains.Sharing;

/// <summary>
/// What a user may do with a job (docs/api.md, "Sharing a job"): <see cref="Read"/> sees it (get, status, history,
/// outputs, lists), <see cref="Write"/> also changes it (cancel, pause, resume, hide, resubmit). Write never comes without
/// read: a user who may cancel a job must be able to find it.
/// </summary>
public sealed record JobPermission
{
    public static readonly JobPermission None = new(read: false, write: false);

    public static readonly JobPermission ReadOnly = new(read: true, write: false);

    public static readonly JobPermission ReadWrite = new(read: true, write: true);

    private JobPermission(bool read, bool write)
    {
        Read = read;
        Write = write;
    }

    public bool Read { get; }

    public bool Write { get; }

    /// <summary>The stored flags of a grant; write implies read, so (false, true) reads as read and write.</summary>
    public static JobPermission From(bool read, bool write) => write ? ReadWrite : read ? ReadOnly : None;

    /// <summary>The legacy name of this permission, as history lines and messages show it.</summary>
    public string Name => Write ? "READ_WRITE" : Read ? "READ" : "NONE";
}
