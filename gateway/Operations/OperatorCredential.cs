using System.Security.Cryptography;
using System.Text;

namespace AloeOrleans.Gateway.Operations;

/// <summary>
/// The operator credential of <see cref="OperationsOptions.OperatorTokenFile"/>. Only its SHA-256 is kept, and a
/// presented value is compared by hash in constant time, so neither its length nor its prefix leaks through timing.
/// </summary>
public sealed class OperatorCredential
{
    private readonly byte[]? hash;

    private OperatorCredential(byte[]? hash) => this.hash = hash;

    /// <summary>No credential configured: only operator-tenant administrators get in.</summary>
    public static OperatorCredential None { get; } = new(null);

    public bool IsConfigured => hash is not null;

    public static OperatorCredential Load(string? file) =>
        string.IsNullOrWhiteSpace(file) ? None : new OperatorCredential(SHA256.HashData(Encoding.UTF8.GetBytes(Read(file))));

    /// <summary>Why the file cannot serve as the credential, or null.</summary>
    public static string? ProblemWith(string file)
    {
        try
        {
            return Read(file).Length < OperationsOptions.MinimumTokenLength
                ? $"the file {file} must hold a credential of at least {OperationsOptions.MinimumTokenLength} characters (e.g. `openssl rand -hex 32`)."
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"the file {file} cannot be read: {exception.Message}";
        }
    }

    public bool Matches(string presented) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static string Read(string file) => File.ReadAllText(file).Trim();
}
