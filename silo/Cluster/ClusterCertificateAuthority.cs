using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AloeOrleans.Grains.Security;

namespace AloeOrleans.Silo.Cluster;

/// <summary>
/// The embedded default's cluster CA: an ECDSA P-256 certificate authority whose certificate and private key live in
/// one owner-only PEM file in the data folder, created once by whichever silo starts first. Each silo issues itself a
/// fresh certificate from it at start, kept in memory only.
/// </summary>
public static class ClusterCertificateAuthority
{
    public const string FileName = "cluster-ca.pem";

    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(365 * 30);

    // Peers' clocks may differ a little; a certificate valid from a moment ago would be refused by a peer behind.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    /// <summary>
    /// The CA at <paramref name="path"/> (certificate and key), creating it when missing. Creation is atomic: the file
    /// is written under a temporary name (mode 0600 from the start) and linked into place only if no other process
    /// did first, so silos starting together on one data folder all end up with the same CA.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        var authority = X509Certificate2.CreateFromPemFile(path);
        return authority.HasPrivateKey
            ? authority
            : throw new InvalidDataException($"The cluster CA file {path} has no private key.");
    }

    /// <summary>A new self-signed CA named <paramref name="subject"/>, with its private key.</summary>
    public static X509Certificate2 Create(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subject}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now - ClockSkew, now + AuthorityLifetime);
    }

    /// <summary>
    /// A certificate for <paramref name="subject"/> signed by <paramref name="authority"/>, with its private key, good for
    /// both ends of a TLS connection (a silo is server and client), valid as long as the CA.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string subject)
    {
        ArgumentNullException.ThrowIfNull(authority);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subject}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, now - ClockSkew, authority.NotAfter.ToUniversalTime(), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate and its PKCS#8 private key as one PEM text.</summary>
    public static string ToPem(X509Certificate2 certificateWithKey)
    {
        ArgumentNullException.ThrowIfNull(certificateWithKey);
        using var key = certificateWithKey.GetECDsaPrivateKey()
            ?? throw new ArgumentException("Only ECDSA certificates with their private key are written here.", nameof(certificateWithKey));
        return certificateWithKey.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private static void TryCreate(string path)
    {
        using var authority = Create("AloeOrleans cluster CA");
        // The first silo's CA wins, the others read it.
        WriteOnceFile.TryCreate(path, ToPem(authority));
    }
}
