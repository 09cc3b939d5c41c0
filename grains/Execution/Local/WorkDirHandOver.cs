namespace AloeOrleans.Grains.Execution.Local;

/// <summary>
/// Gives a staged work dir to the run-as user just before launch, so that the app can work in it but cannot touch the
/// control folder:
/// <list type="bullet">
/// <item>the work dir: owner root, group the run-as user's, mode 1770. Sticky: the app may create, change and delete
/// its own entries, never the root-owned control folder (in a folder the job owned, it could rename <c>.aloe</c> away
/// and put a forged pid file in its place);</item>
/// <item>every staged input and asset: the run-as user's (owner-only modes as written);</item>
/// <item>the control folder: root, 0711 (the app passes through to read its script, lists and writes nothing); the app
/// script is the run-as user's, 0600; wrapper, pid and exit code stay root's, 0600;</item>
/// <item>the folders above the work dir get the search bit (0711 from 0700), up to the first that has it (the LOCAL root
/// and the data folder always do), so the app can reach its work dir without reading any of them.</item>
/// </list>
/// Without a run-as user (the service is not root) nothing changes hands: everything stays owner-only.
/// </summary>
public static class WorkDirHandOver
{
    public const UnixFileMode WorkDirMode = UnixFileMode.StickyBit
        | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;

    public static void HandOver(JobWorkspace workspace, LocalJobIdentity? runAs)
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        if (runAs is null)
        {
            File.SetUnixFileMode(workspace.WorkDir, Files.LocalSystemFiles.OwnerOnlyFolder);
            return;
        }

        OpenPathTo(workspace.WorkDir);
        foreach (var entry in Directory.EnumerateFileSystemEntries(workspace.WorkDir))
        {
            if (Path.GetFileName(entry) != JobWorkspace.ControlFolderName)
            {
                GiveTree(entry, runAs);
            }
        }

        PosixOwnership.SetOwner(workspace.ControlDir, 0, 0);
        File.SetUnixFileMode(workspace.ControlDir, SystemRoots.PassThroughMode);
        PosixOwnership.SetOwner(workspace.AppScript, runAs.Uid, runAs.Gid);
        PosixOwnership.SetOwner(workspace.WorkDir, 0, runAs.Gid);
        File.SetUnixFileMode(workspace.WorkDir, WorkDirMode);
    }

    private static void OpenPathTo(string workDir)
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        for (var folder = Path.GetDirectoryName(workDir); folder is not null && folder != "/"; folder = Path.GetDirectoryName(folder))
        {
            var mode = File.GetUnixFileMode(folder);
            if (mode.HasFlag(UnixFileMode.OtherExecute))
            {
                return;
            }

            File.SetUnixFileMode(folder, mode | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>The entry and, for a real folder, everything in it; a symbolic link itself, never what it points to.</summary>
    private static void GiveTree(string path, LocalJobIdentity runAs)
    {
        PosixOwnership.SetOwner(path, runAs.Uid, runAs.Gid);
        if (new FileInfo(path).LinkTarget is null && Directory.Exists(path))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(path))
            {
                GiveTree(entry, runAs);
            }
        }
    }
}
