using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AloeOrleans.Tests.Infrastructure;

/// <summary>Certificates made in the test process with <see cref="CertificateRequest"/>: a CA of the test's own and leaves it signs.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed CA (RSA 2048), valid for a day.</summary>
    public static X509Certificate2 Authority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A TLS certificate (server and client use) signed by <paramref name="authority"/>, with its key.</summary>
    public static X509Certificate2 Leaf(X509Certificate2 authority, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate (and, with <paramref name="includeKey"/>, its PKCS#8 key) as PEM text.</summary>
    public static string Pem(X509Certificate2 certificate, bool includeKey)
    {
        var text = certificate.ExportCertificatePem() + "\n";
        if (includeKey)
        {
            using var key = certificate.GetRSAPrivateKey()!;
            text += key.ExportPkcs8PrivateKeyPem() + "\n";
        }

        return text;
    }
}
