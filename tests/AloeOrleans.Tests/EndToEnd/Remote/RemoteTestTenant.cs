using System.Text;
using AloeOrleans.Tests.Infrastructure.Remote;
using Renci.SshNet;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// What one remote end-to-end test owns: its own tenant in the service (so its systems, apps and tenant queue are
/// its own), a folder under the test user's home on the SSH host holding its systems' roots, a folder in the FTP
/// root, and SSH/SFTP sessions as the test user to set things up and check results. Disposing removes the folders.
/// </summary>
public sealed class RemoteTestTenant : IAsyncDisposable
{
    public const string User = "alice";

    private readonly string ftpFolder;

    private RemoteTestTenant(AloeServiceProcess service, string tenantId, SshClient ssh, SftpClient sftp, string home)
    {
        Service = service;
        TenantId = tenantId;
        Ssh = ssh;
        Sftp = sftp;
        RemoteRoot = $"{home.TrimEnd('/')}/e2e-{tenantId}";
        ftpFolder = $"e2e-{tenantId}";
        Admin = new CatalogAdminClient(service, tenantId);
        Jobs = service.ClientFor(tenantId, User, "Internal/subscriber");
    }

    public AloeServiceProcess Service { get; }

    public string TenantId { get; }

    public CatalogAdminClient Admin { get; }

    /// <summary><c>/jobs/v2</c> as <see cref="User"/> of this tenant.</summary>
    public JobsClient Jobs { get; }

    public SshClient Ssh { get; }

    public SftpClient Sftp { get; }

    /// <summary>This test's folder on the SSH host (absolute); every system root of the test is inside it.</summary>
    public string RemoteRoot { get; }

    /// <summary>The archive system's root (absolute, on the SSH host).</summary>
    public string ArchiveRoot => $"{RemoteRoot}/archive";

    /// <summary>
    /// The root of the SFTP inputs system (absolute, on the SSH host): <see cref="PutSftpInputAsync"/> puts files in
    /// <see cref="User"/>'s home folder under it, the only place an ordinary user's <c>sftp://</c> inputs may come from.
    /// </summary>
    public string InputsFolder => $"{RemoteRoot}/inputs";

    /// <summary>An execution system's root (absolute, on the SSH host).</summary>
    public string ExecutionRoot(string systemId) => $"{RemoteRoot}/{systemId}";

    /// <summary>A new tenant (<c>e2e</c> and random hex) with its folder on the SSH host created.</summary>
    public static async Task<RemoteTestTenant> CreateAsync(AloeServiceProcess service)
    {
        var tenantId = $"e2e{Guid.NewGuid():N}"[..13];
        var ssh = await ConnectAsync();
        SftpClient? sftp = null;
        try
        {
            sftp = await ConnectSftpAsync();
            var (exit, home, error) = await RunAsync(ssh, "printf '%s' \"$HOME\"");
            if (exit != 0 || !home.StartsWith('/'))
            {
                throw new InvalidOperationException($"Could not read the test user's home over SSH ({exit}): '{home}' {error}");
            }

            var tenant = new RemoteTestTenant(service, tenantId, ssh, sftp, home);
            await tenant.RunOkAsync($"mkdir -p {ShellQuote(tenant.ArchiveRoot)} {ShellQuote(tenant.InputsFolder)}");
            return tenant;
        }
        catch
        {
            sftp?.Dispose();
            ssh.Dispose();
            throw;
        }
    }

    /// <summary>A new tenant with the Slurm system (<see cref="RemoteServiceSettings.SlurmSystem"/>) and one app deployed on it.</summary>
    public static async Task<RemoteTestTenant> WithSlurmAppAsync(AloeServiceProcess service, Func<string, RemoteApp> app)
    {
        var tenant = await CreateAsync(service);
        try
        {
            await tenant.RegisterExecutionSystemAsync(RemoteServiceSettings.SlurmSystem, "SLURM");
            await tenant.DeployAsync(app(RemoteServiceSettings.SlurmSystem));
            return tenant;
        }
        catch
        {
            await tenant.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Registers an execution system rooted at <see cref="ExecutionRoot"/> (created first). A test of wrong
    /// credentials passes its own fingerprint or private key; the folder is still made with the right ones.
    /// </summary>
    public async Task RegisterExecutionSystemAsync(string id, string scheduler, string? hostKeyFingerprint = null, string? privateKey = null)
    {
        await RunOkAsync($"mkdir -p {ShellQuote(ExecutionRoot(id))}");
        await Admin.RegisterSystemAsync(RemoteSystemBodies.Execution(id, scheduler, ExecutionRoot(id), hostKeyFingerprint, privateKey));
    }

    /// <summary>Replaces a registered execution system (<c>POST /systems/v2/{id}</c>), e.g. with wrong credentials once its apps are registered.</summary>
    public async Task ReplaceExecutionSystemAsync(string id, string scheduler, string? hostKeyFingerprint, string? privateKey)
    {
        var replaced = await Admin.PostAsync($"systems/v2/{id}", RemoteSystemBodies.Execution(id, scheduler, ExecutionRoot(id), hostKeyFingerprint, privateKey));
        if (replaced.Status != System.Net.HttpStatusCode.OK)
        {
            // The body holds a private key: the failure names the system, not its content.
            throw new InvalidOperationException($"POST /systems/v2/{id} answered {replaced}. {Service.Diagnostics()}");
        }
    }

    /// <summary>Registers the SFTP archive system (<see cref="RemoteServiceSettings.ArchiveSystem"/>) at <see cref="ArchiveRoot"/>.</summary>
    public Task RegisterArchiveSystemAsync() =>
        Admin.RegisterSystemAsync(RemoteSystemBodies.SftpStorage(RemoteServiceSettings.ArchiveSystem, ArchiveRoot));

    /// <summary>Registers the SFTP storage system rooted at <see cref="InputsFolder"/> that <c>sftp://</c> inputs are read through.</summary>
    public Task RegisterInputsSystemAsync() =>
        Admin.RegisterSystemAsync(RemoteSystemBodies.SftpStorage(RemoteServiceSettings.InputsSystem, InputsFolder));

    /// <summary>Puts the app's template at its deployment path on its execution system, then registers the app.</summary>
    public async Task DeployAsync(RemoteApp app)
    {
        await UploadTemplateAsync(app, app.Template);
        var registered = await Admin.RegisterAppAsync(app.Definition);
        if (registered.GetProperty("id").GetString() != app.Id)
        {
            throw new InvalidOperationException($"App registered as {registered.GetProperty("id")}, expected {app.Id}: {registered}");
        }
    }

    /// <summary>Puts <paramref name="template"/> where <paramref name="app"/>'s template goes, on its execution system, over SFTP.</summary>
    public async Task UploadTemplateAsync(RemoteApp app, string template)
    {
        var executionSystem = (string)app.Definition["executionSystem"]!;
        var path = $"{ExecutionRoot(executionSystem)}/{app.TemplatePath}";
        await RunOkAsync($"mkdir -p {ShellQuote(path[..path.LastIndexOf('/')])}");
        Sftp.WriteAllText(path, template.ReplaceLineEndings("\n") + "\n");
    }

    /// <summary>
    /// Writes <paramref name="text"/> into <paramref name="folder"/> (default: <see cref="User"/>'s home) of
    /// <see cref="InputsFolder"/>; returns its <c>sftp://host:port/absolute/path</c> URL.
    /// </summary>
    public async Task<string> PutSftpInputAsync(string name, string text, string folder = User)
    {
        var directory = $"{InputsFolder}/{folder}";
        await RunOkAsync($"mkdir -p {ShellQuote(directory)}");
        Sftp.WriteAllText($"{directory}/{name}", text);
        return $"sftp://{SshHost}:{SshPort}{directory}/{name}";
    }

    /// <summary>Writes <paramref name="text"/> into this test's folder of the FTP root; returns its <c>ftp://user:password@host:port/path</c> URL.</summary>
    public async Task<string> PutFtpInputAsync(string name, string text)
    {
        var folder = Path.Combine(FtpRoot, ftpFolder);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name);
        await File.WriteAllTextAsync(file, text);
        // vsftpd serves world-readable files only; do not depend on the test process's umask.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return $"ftp://{Uri.EscapeDataString(FtpUser)}:{Uri.EscapeDataString(FtpPassword)}@{FtpHost}:{FtpPort}/{ftpFolder}/{Uri.EscapeDataString(name)}";
    }

    /// <summary>The text of a file on the SSH host, or null when it does not exist.</summary>
    public string? ReadRemoteText(string path) => Sftp.Exists(path) ? Sftp.ReadAllText(path, Encoding.UTF8) : null;

    /// <summary>The names in a folder on the SSH host (without . and ..), or null when it does not exist.</summary>
    public IReadOnlyList<string>? ListRemote(string path) =>
        Sftp.Exists(path) ? Sftp.ListDirectory(path).Select(entry => entry.Name).Where(name => name is not ("." or "..")).ToList() : null;

    /// <summary>Runs a command as the test user on the SSH host; throws with its stderr unless it exits 0.</summary>
    public async Task<string> RunOkAsync(string command, TimeSpan? timeout = null)
    {
        var (exit, output, error) = await RunAsync(Ssh, command, timeout);
        return exit == 0 ? output : throw new InvalidOperationException($"`{command}` exited {exit} on the SSH host: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Only this test's folder: the path always ends in e2e-<tenant>.
            await RunAsync(Ssh, $"rm -rf -- {ShellQuote(RemoteRoot)}", TimeSpan.FromSeconds(60));
        }
        catch (Exception exception) when (exception is InvalidOperationException or Renci.SshNet.Common.SshException or OperationCanceledException)
        {
            // Best effort: a leftover folder in the test user's home harms no other test.
        }
        finally
        {
            var folder = Path.Combine(FtpRoot, ftpFolder);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Sftp.Dispose();
            Ssh.Dispose();
            Admin.Dispose();
            Jobs.Dispose();
        }
    }
}
