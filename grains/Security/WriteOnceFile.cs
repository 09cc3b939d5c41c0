using System.Runtime.InteropServices;

namespace AloeOrleans.Grains.Security;

/// <summary>
/// Creates a secret file once, even when several processes start together (the silos of <c>./aloe up --silos N</c>
/// on a fresh data folder): the text goes to a temporary name beside it, readable by its owner only from the moment it
/// exists, then a hard link puts it in place, which fails when the name exists. A reader therefore never sees a
/// half-written file, and the first process's file wins.
/// </summary>
public static class WriteOnceFile
{
    private const int AlreadyExists = 17; // EEXIST
    /// <summary>Creates <paramref name="path"/> (and its folder) with <paramref name="text"/> unless it exists.</summary>
    public static void TryCreate(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
            }

            PlaceOnce(temporary, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: theirs is used.
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// link(2) fails with EEXIST when the name exists, atomically. File.Move(…, overwrite: false) is no substitute on
    /// Linux: it checks for the name, then renames over it, so two processes racing both "win" and readers see two keys.
    /// </summary>
    private static void PlaceOnce(string temporary, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(temporary, path, overwrite: false);
            return;
        }

        if (link(temporary, path) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw error == AlreadyExists
                ? new IOException($"{path} exists.")
                : new IOException($"Could not create {path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int link(string oldpath, string newpath);
}
