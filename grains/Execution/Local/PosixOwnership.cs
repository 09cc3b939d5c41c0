using System.ComponentModel;
using System.Runtime.InteropServices;

namespace AloeOrleans.Grains.Execution.Local;

/// <summary>Changing a file's owner, which .NET's file API cannot do. Symbolic links are never followed.</summary>
internal static class PosixOwnership
{
    /// <exception cref="Win32Exception">lchown failed (errno in the message).</exception>
    public static void SetOwner(string path, int uid, int gid)
    {
        if (lchown(path, (uint)uid, (uint)gid) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"lchown {path} to {uid}:{gid} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int lchown(string path, uint owner, uint group);
}
