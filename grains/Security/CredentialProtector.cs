using System.Security.Cryptography;
using System.Text;
using AloeOrleans.Grains.Configuration;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Security;

/// <summary>
/// Encrypts credentials at rest with AES-256-GCM under the service key, a fresh random 12-byte nonce per value. The
/// context (e.g. tenant and system id) is authenticated with the value, so a ciphertext copied to another row does
/// not decrypt. Layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class CredentialProtector
{
    public const int KeyBytes = 32;

    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;

    private readonly byte[] key;

    public CredentialProtector(IOptions<SecurityOptions> options, DataFolder dataFolder)
        : this(LoadKey(options?.Value ?? throw new ArgumentNullException(nameof(options)), dataFolder))
    {
    }

    public CredentialProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"The credential key must be {KeyBytes} bytes, not {key.Length}.", nameof(key));
        }

        this.key = key.ToArray();
    }

    public byte[] Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(context);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderBytes + clear.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, clear, output.AsSpan(HeaderBytes), output.AsSpan(1 + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(clear);
        return output;
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when the value was altered, belongs to another context or another key.</summary>
    public string Unprotect(byte[] protectedValue, string context)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        ArgumentNullException.ThrowIfNull(context);
        if (protectedValue.Length < HeaderBytes || protectedValue[0] != FormatVersion)
        {
            throw new CryptographicException("The stored credential is not in a format this service wrote.");
        }

        var clear = new byte[protectedValue.Length - HeaderBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(protectedValue.AsSpan(1, NonceBytes), protectedValue.AsSpan(HeaderBytes), protectedValue.AsSpan(1 + NonceBytes, TagBytes),
            clear, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(clear);
    }

    /// <summary>The configured key, else the key file of the data folder (created with mode 0600 when missing).</summary>
    public static byte[] LoadKey(SecurityOptions options, DataFolder dataFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataFolder);
        if (!string.IsNullOrWhiteSpace(options.CredentialKey))
        {
            return Decode(options.CredentialKey, $"{SecurityOptions.SectionName}:CredentialKey");
        }

        var path = dataFolder.File(SecurityOptions.KeyFileName);
        return Decode(SecretKeyFile.ReadOrCreate(path, KeyBytes), path);
    }

    /// <summary>True when <paramref name="text"/> is base64 of exactly <see cref="KeyBytes"/> bytes.</summary>
    public static bool TryDecodeKey(string text, out byte[] key)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = [];
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return key.Length == KeyBytes;
    }

    private static byte[] Decode(string text, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The credential key in {source} is not base64.");
        }

        return bytes.Length == KeyBytes
            ? bytes
            : throw new InvalidOperationException($"The credential key in {source} has {bytes.Length} bytes; it must be base64 of exactly {KeyBytes} bytes.");
    }
}
