using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Silo.Cluster;

/// <summary>
/// Mutual TLS on the silo port and the Orleans client gateway port (section <c>Orleans:Tls</c>): every peer presents a
/// certificate that must chain to the trusted CA, in both directions. By default the certificates come from a cluster
/// CA generated once in the data folder (<c>cluster-ca.pem</c>, owner-only), so every silo sharing the data folder (or
/// a copy of that file) is one cluster and no other local user can connect. See docs/security.md.
/// </summary>
public sealed class ClusterTlsOptions : IValidatableObject
{
    public const string SectionName = "Orleans:Tls";

    /// <summary>Mutual TLS on the cluster's ports. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// This silo's certificate: a PEM file (certificate, with its key here or in <see cref="KeyFile"/>) or a PKCS#12
    /// (.pfx/.p12) file with its key. Set together with <see cref="CaCertificateFile"/>. Default unset: a certificate
    /// issued at start by the data folder's cluster CA.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificateFile"/>, when not in that file. Default unset.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key (inject it from a secret store). Default unset.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// PEM file of the CA certificate(s) a peer's certificate must chain to (custom root trust; the system's roots are
    /// not used). Set together with <see cref="CertificateFile"/>. Default unset: the data folder's cluster CA.
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>
    /// The explicit opt-out that lets a silo listen beyond loopback with <see cref="Enabled"/> false: anyone who can
    /// reach the ports can then call every grain. Default false.
    /// </summary>
    public bool AllowPlaintextBeyondLoopback { get; set; }

    /// <summary>True when the certificates come from configured files rather than the generated cluster CA.</summary>
    public bool UsesConfiguredCertificates => !string.IsNullOrWhiteSpace(CertificateFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(CertificateFile) != string.IsNullOrWhiteSpace(CaCertificateFile))
        {
            yield return OptionRules.Broken("must be set together (this silo's certificate and the CA its peers' certificates chain to).",
                nameof(CertificateFile), nameof(CaCertificateFile));
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(KeyFile) && !UsesConfiguredCertificates)
        {
            yield return OptionRules.Broken($"needs {nameof(CertificateFile)}.", nameof(KeyFile));
        }

        if (!UsesConfiguredCertificates)
        {
            yield break;
        }

        // Loading them now turns a wrong path, format or password into a start-up refusal naming the setting.
        foreach (var (setting, problem) in ClusterCertificates.ProblemsLoading(this))
        {
            yield return OptionRules.Broken(problem, setting);
        }
    }
}
