using System.Text.RegularExpressions;
using AloeOrleans.Grains.Security;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// The rules a system definition must follow before it is stored (docs/api.md, "A system"): supported
/// protocols, what SSH and SFTP need (host, port, credentials, the host key fingerprint), shared paths, queue limits.
/// The author matters for one rule: systems on the service's own host (LOCAL login or storage) come only from the
/// operator's seed catalog, never from a tenant admin (docs/security.md). Pure: it sees only the definition.
/// </summary>
public static partial class SystemDefinitionValidator
{
    public static readonly IReadOnlyList<string> LoginProtocols = ["LOCAL", "SSH"];
    public static readonly IReadOnlyList<string> StorageProtocols = ["LOCAL", "SFTP", "FTP", "HTTP", "HTTPS", "IRODS", "IRODS4"];
    public static readonly IReadOnlyList<string> AuthTypes = ["SSHKEYS", "PASSWORD"];

    /// <summary>Protocols Agave knew that Aloe dropped; they get their own message.</summary>
    private static readonly IReadOnlyList<string> DroppedProtocols = ["GSISSH", "GRAM", "UNICORE", "GRIDFTP", "AZURE", "S3", "SWIFT"];

    public static IReadOnlyList<CatalogError> Validate(SystemDefinition system, SystemAuthor author)
    {
        ArgumentNullException.ThrowIfNull(system);
        var errors = new List<CatalogError>();
        CatalogRules.CheckId("id", system.Id, errors);

        if (system.Type == SystemType.EXECUTION && system.Login is null)
        {
            errors.Add(CatalogError.For("login", author == SystemAuthor.Operator
                ? "is required for an EXECUTION system (e.g. {\"protocol\":\"SSH\",…} or {\"protocol\":\"LOCAL\"})"
                : "is required for an EXECUTION system (e.g. {\"protocol\":\"SSH\",\"host\":…,\"port\":22,\"auth\":…,\"hostKeyFingerprint\":…})"));
        }

        if (system.Default && system.Type != SystemType.STORAGE)
        {
            errors.Add(CatalogError.For("default", "only a STORAGE system can be the tenant's default (archive) system"));
        }

        if (system.Login is { } login)
        {
            CheckLogin(login, author, errors);
        }

        CheckStorage(system.Storage, author, errors);
        CheckSharedPaths(system, errors);
        foreach (var name in system.Environment.Keys.Where(name => !VariableName().IsMatch(name)))
        {
            errors.Add(CatalogError.For($"environment.{CatalogRules.Shown(name)}", "is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)"));
        }

        CheckQueues(system.Queues, errors);
        CheckLimit("maxSystemJobs", system.MaxSystemJobs, errors);
        CheckLimit("maxSystemJobsPerUser", system.MaxSystemJobsPerUser, errors);
        return errors;
    }

    private static void CheckLogin(SystemLogin login, SystemAuthor author, List<CatalogError> errors)
    {
        if (!CheckProtocol("login.protocol", login.Protocol, LoginProtocols, errors))
        {
            return;
        }

        // LOCAL login runs the system's jobs on the service's own host as its own OS user: only the operator, who owns
        // that host, defines such systems.
        if (login.Protocol == "LOCAL" && author == SystemAuthor.TenantAdmin)
        {
            errors.Add(CatalogError.For("login.protocol",
                "LOCAL is refused through /systems/v2: it would run jobs on the service's own host as the service's user. LOCAL systems come only " +
                "from the operator's seed catalog files; register an SSH system instead (it may be ssh to localhost)"));
        }
        else if (login.Protocol == "SSH")
        {
            CheckRemote("login", login.Host, login.Port, required: true, errors);
            CheckSshAuth("login.auth", login.Auth, errors);
            CheckFingerprint("login.hostKeyFingerprint", login.HostKeyFingerprint, errors);
        }
    }

    private static void CheckStorage(SystemStorage storage, SystemAuthor author, List<CatalogError> errors)
    {
        if (!CheckProtocol("storage.protocol", storage.Protocol, StorageProtocols, errors))
        {
            return;
        }

        switch (storage.Protocol)
        {
            case "LOCAL" when author == SystemAuthor.TenantAdmin:
                // LOCAL storage is the service's own disk (other tenants' files, the key files): only the operator defines it.
                errors.Add(CatalogError.For("storage.protocol",
                    "LOCAL is refused through /systems/v2: it would read and write the service's own disk. LOCAL systems come only from the " +
                    "operator's seed catalog files; register an SFTP system instead"));
                break;
            case "LOCAL":
                // The operator's LOCAL roots are checked where the data folder and every other root are known: by the
                // seeder, with LocalRootRules (per-tenant folders, no overlap, never the data folder).
                break;
            case "SFTP":
                // Remote paths are resolved lexically under the root, so it must be a plain absolute path.
                if (!storage.RootDir.StartsWith('/') || HasParentSegment(storage.RootDir))
                {
                    errors.Add(CatalogError.For("storage.rootDir",
                        $"an SFTP system's rootDir must be an absolute path on the remote host, without '..', got \"{CatalogRules.Shown(storage.RootDir)}\""));
                }

                CheckRemote("storage", storage.Host, storage.Port, required: true, errors);
                CheckSshAuth("storage.auth", storage.Auth, errors);
                CheckFingerprint("storage.hostKeyFingerprint", storage.HostKeyFingerprint, errors);
                break;
            default:
                CheckRemote("storage", storage.Host, storage.Port, required: false, errors);
                if (storage.Auth is { } auth)
                {
                    CheckAuthType("storage.auth", auth, errors);
                }

                break;
        }
    }

    /// <summary>Folders every user may read: under the root, never the root itself, never an execution system's work dir.</summary>
    private static void CheckSharedPaths(SystemDefinition system, List<CatalogError> errors)
    {
        var workDir = system.Type == SystemType.EXECUTION && RootRelativePath.TrySplit(system.WorkDir, out var workSegments, out _)
            ? workSegments
            : null;
        for (var i = 0; i < system.SharedPaths.Count; i++)
        {
            var field = $"sharedPaths[{i}]";
            var path = system.SharedPaths[i];
            if (!RootRelativePath.TrySplit(path, out var segments, out var problem))
            {
                errors.Add(CatalogError.For(field, $"must be a folder under the system's root, but {problem}"));
            }
            else if (segments.Count == 0)
            {
                errors.Add(CatalogError.For(field,
                    $"\"{CatalogRules.Shown(path)}\" is the whole root of the system; share folders under it (e.g. \"shared/reference\"), never the root itself"));
            }
            else if (workDir is not null && (RootRelativePath.IsUnder(segments, workDir) || RootRelativePath.IsUnder(workDir, segments)))
            {
                errors.Add(CatalogError.For(field,
                    $"\"{CatalogRules.Shown(path)}\" is in or holds the work dir \"{CatalogRules.Shown(system.WorkDir)}\", where every user's jobs run; work dirs are never shared"));
            }
        }
    }

    private static bool CheckProtocol(string field, string protocol, IReadOnlyList<string> allowed, List<CatalogError> errors)
    {
        if (allowed.Contains(protocol, StringComparer.Ordinal))
        {
            return true;
        }

        errors.Add(CatalogError.For(field, DroppedProtocols.Contains(protocol.ToUpperInvariant(), StringComparer.Ordinal)
            ? $"{CatalogRules.Shown(protocol)} is not supported by Aloe; use one of {string.Join(", ", allowed)}"
            : $"\"{CatalogRules.Shown(protocol)}\" is not a protocol Aloe supports; use one of {string.Join(", ", allowed)}"));
        return false;
    }

    private static void CheckRemote(string block, string? host, int port, bool required, List<CatalogError> errors)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            errors.Add(CatalogError.For($"{block}.host", "is required for this protocol (a host name or IP address)"));
        }

        if ((required || port != 0) && port is < 1 or > 65535)
        {
            errors.Add(CatalogError.For($"{block}.port", port == 0
                ? "is required for this protocol (1-65535, usually 22 for SSH/SFTP)"
                : $"must be between 1 and 65535, got {port}"));
        }
    }

    private static void CheckSshAuth(string field, SystemAuth? auth, List<CatalogError> errors)
    {
        if (auth is null)
        {
            errors.Add(CatalogError.For(field, "is required: {\"username\":…,\"type\":\"SSHKEYS\",\"privateKey\":…} or {\"username\":…,\"type\":\"PASSWORD\",\"password\":…}"));
            return;
        }

        if (string.IsNullOrWhiteSpace(auth.Username))
        {
            errors.Add(CatalogError.For($"{field}.username", "is required"));
        }

        if (!CheckAuthType(field, auth, errors))
        {
            return;
        }

        if (auth.Type == "SSHKEYS" && string.IsNullOrWhiteSpace(auth.PrivateKey))
        {
            errors.Add(CatalogError.For($"{field}.privateKey", "is required when type is SSHKEYS (the private key in OpenSSH or PEM form; it is stored encrypted and never returned)"));
        }
        else if (auth.Type == "PASSWORD" && string.IsNullOrEmpty(auth.Password))
        {
            errors.Add(CatalogError.For($"{field}.password", "is required when type is PASSWORD (it is stored encrypted and never returned)"));
        }
    }

    private static bool CheckAuthType(string field, SystemAuth auth, List<CatalogError> errors)
    {
        if (AuthTypes.Contains(auth.Type, StringComparer.Ordinal))
        {
            return true;
        }

        errors.Add(CatalogError.For($"{field}.type", $"\"{CatalogRules.Shown(auth.Type)}\" is not supported by Aloe; use one of {string.Join(", ", AuthTypes)}"));
        return false;
    }

    private static void CheckFingerprint(string field, string? fingerprint, List<CatalogError> errors)
    {
        if (fingerprint is null)
        {
            errors.Add(CatalogError.For(field,
                "is required for SSH and SFTP: the server's host key as 'SHA256:<base64>' (see `ssh-keyscan -p PORT HOST | ssh-keygen -lf -`)"));
        }
        else if (!CatalogRules.IsSha256Fingerprint(fingerprint))
        {
            errors.Add(CatalogError.For(field, $"must be 'SHA256:' followed by the base64 of a SHA-256 digest (as ssh-keygen -l prints it), got \"{CatalogRules.Shown(fingerprint)}\""));
        }
    }

    private static void CheckQueues(IReadOnlyList<SystemQueue> queues, List<CatalogError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < queues.Count; i++)
        {
            var queue = queues[i];
            var at = $"queues[{i}]";
            if (string.IsNullOrWhiteSpace(queue.Name))
            {
                errors.Add(CatalogError.For($"{at}.name", "must not be empty"));
            }
            else if (!names.Add(queue.Name))
            {
                errors.Add(CatalogError.For($"{at}.name", $"\"{CatalogRules.Shown(queue.Name)}\" is used by another queue of this system; queue names must be unique"));
            }

            CheckLimit($"{at}.maxJobs", queue.MaxJobs, errors);
            CheckLimit($"{at}.maxUserJobs", queue.MaxUserJobs, errors);
            CheckLimit($"{at}.maxNodes", queue.MaxNodes, errors);
            CheckLimit($"{at}.maxProcessorsPerNode", queue.MaxProcessorsPerNode, errors);
            CheckLimit($"{at}.maxMemoryPerNode", queue.MaxMemoryPerNode, errors);
            if (!RunTime.TryParseHours(queue.MaxRequestedTime, out _, out var timeError))
            {
                errors.Add(CatalogError.For($"{at}.maxRequestedTime", timeError));
            }
        }

        if (queues.Count(queue => queue.Default) > 1)
        {
            errors.Add(CatalogError.For("queues", $"at most one queue may be the default, got {string.Join(", ", queues.Where(q => q.Default).Select(q => q.Name))}"));
        }
    }

    private static void CheckLimit(string field, double value, List<CatalogError> errors)
    {
        if (value < 0)
        {
            errors.Add(CatalogError.For(field, $"is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; Aloe rejects negative limits; omit the field for no limit"));
        }
    }

    private static bool HasParentSegment(string path) =>
        path.Split('/', '\\').Any(segment => segment == "..");

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
