using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AloeOrleans.Grains.Configuration;
using Orleans.Connections.Security;

namespace AloeOrleans.Silo.Cluster;

/// <summary>
/// This silo's certificate and the CA certificates its peers' certificates must chain to, and the TLS settings that
/// make both ends present and check them. Peers are identified by their CA alone, not by name: silo addresses come and
/// go with the membership table, and whoever holds a certificate of the cluster's CA is a member.
/// </summary>
public sealed class ClusterCertificates
{
    private const string SiloSubject = "AloeOrleans silo";

    public ClusterCertificates(X509Certificate2 local, X509Certificate2Collection trustedAuthorities)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(trustedAuthorities);
        if (!local.HasPrivateKey)
        {
            throw new ArgumentException("The local certificate needs its private key.", nameof(local));
        }

        if (trustedAuthorities.Count == 0)
        {
            throw new ArgumentException("At least one trusted CA certificate is needed.", nameof(trustedAuthorities));
        }

        Local = local;
        TrustedAuthorities = trustedAuthorities;
    }

    /// <summary>The certificate this silo presents, as server and as client.</summary>
    public X509Certificate2 Local { get; }

    /// <summary>The roots a peer's certificate must chain to.</summary>
    public X509Certificate2Collection TrustedAuthorities { get; }

    /// <summary>The configured certificates, or a certificate issued now by the data folder's cluster CA.</summary>
    public static ClusterCertificates Load(ClusterTlsOptions options, DataFolder dataFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataFolder);
        if (options.UsesConfiguredCertificates)
        {
            return new ClusterCertificates(LoadCertificate(options), LoadAuthorities(options.CaCertificateFile!));
        }

        using var authority = ClusterCertificateAuthority.LoadOrCreate(dataFolder.File(ClusterCertificateAuthority.FileName));
        // The peers need only the CA's certificate, never its key.
        var trusted = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(authority.RawData));
        return new ClusterCertificates(ClusterCertificateAuthority.Issue(authority, SiloSubject), trusted);
    }

    /// <summary>What is wrong with the configured files, each with the setting (relative to <c>Orleans:Tls</c>) to fix.</summary>
    public static IReadOnlyList<(string Setting, string Problem)> ProblemsLoading(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<(string, string)>();
        try
        {
            using var certificate = LoadCertificate(options);
        }
        catch (Exception exception) when (IsLoadFailure(exception))
        {
            problems.Add((nameof(ClusterTlsOptions.CertificateFile), $"could not be loaded with its key: {exception.Message}"));
        }

        try
        {
            LoadAuthorities(options.CaCertificateFile!);
        }
        catch (Exception exception) when (IsLoadFailure(exception))
        {
            problems.Add((nameof(ClusterTlsOptions.CaCertificateFile), $"could not be loaded: {exception.Message}"));
        }

        return problems;
    }

    /// <summary>True when <paramref name="peer"/> chains to one of <see cref="TrustedAuthorities"/> (custom root trust only).</summary>
    public bool IsTrusted(X509Certificate2 peer, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(TrustedAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // Intermediates the peer sent along.
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        return chain.Build(peer);
    }

    /// <summary>Both ends present <see cref="Local"/> and accept only a peer that <see cref="IsTrusted"/>.</summary>
    public void Configure(TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        tls.LocalCertificate = Local;
        // Always offer ours: a server may list acceptable issuers that do not name a private CA.
        tls.LocalClientCertificateSelector = (_, _, _, _, _) => Local;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, chain, _) => IsTrusted(certificate, chain);
    }

    private static X509Certificate2 LoadCertificate(ClusterTlsOptions options)
    {
        var file = options.CertificateFile!;
        var keyFile = string.IsNullOrWhiteSpace(options.KeyFile) ? null : options.KeyFile;
        var password = string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
        var certificate = IsPem(file)
            ? password is null
                ? X509Certificate2.CreateFromPemFile(file, keyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(file, password, keyFile)
            : X509CertificateLoader.LoadPkcs12FromFile(file, password);
        if (certificate.HasPrivateKey)
        {
            return certificate;
        }

        certificate.Dispose();
        throw new CryptographicException($"{file} has no private key for its certificate.");
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(file);
        return authorities.Count > 0 ? authorities : throw new CryptographicException($"{file} holds no PEM certificate.");
    }

    private static bool IsPem(string file)
    {
        using var reader = new StreamReader(file);
        var buffer = new char[4096];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }

    private static bool IsLoadFailure(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException;
}
