using System.Globalization;
using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Execution.Local;

/// <summary>The unprivileged account LOCAL jobs run as (<see cref="ExecutionOptions.LocalRunAs"/>): its name, uid and primary gid.</summary>
public sealed partial record LocalJobIdentity(string Name, int Uid, int Gid)
{
    /// <summary>A portable user name, as <c>useradd</c> accepts it: lower-case letter or '_' first, then letters, digits, '_' or '-', at most 32.</summary>
    public static bool IsValidName(string name) => UserName().IsMatch(name);

    /// <summary>
    /// The identity in a line of <c>getent passwd</c> (<c>name:x:uid:gid:gecos:home:shell</c>), or null when the line
    /// is not one.
    /// </summary>
    public static LocalJobIdentity? ParsePasswd(string line)
    {
        var fields = line.TrimEnd('\n', '\r').Split(':');
        return fields.Length == 7
               && fields[0].Length > 0
               && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
               && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            ? new LocalJobIdentity(fields[0], uid, gid)
            : null;
    }

    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserName();
}
