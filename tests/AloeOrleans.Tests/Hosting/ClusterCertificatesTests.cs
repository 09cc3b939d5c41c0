using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Silo.Cluster;
using AloeOrleans.Tests.Infrastructure;
using AloeOrleans.Tests.Units;
using Xunit;

namespace AloeOrleans.Tests.Hosting;

/// <summary>The cluster CA of the data folder, configured certificate files, and the trust rule: chain to the CA, nothing else.</summary>
[SupportedOSPlatform("linux")]
public sealed class ClusterCertificatesTests : IDisposable
{
    private readonly TempFolder folder = new("aloe-certs-");

    [Fact]
    public void The_generated_cluster_ca_is_created_owner_only_once_and_shared_by_every_silo_of_the_data_folder()
    {
        var path = folder.Combine("data", ClusterCertificateAuthority.FileName);

        // Silos starting together on one data folder race to create it: they must all end up with the same CA.
        var authorities = Enumerable.Range(0, 8).AsParallel().Select(_ => ClusterCertificateAuthority.LoadOrCreate(path)).ToList();

        Assert.Single(authorities.Select(authority => authority.Thumbprint).Distinct());
        Assert.All(authorities, authority => Assert.True(authority.HasPrivateKey));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal([ClusterCertificateAuthority.FileName], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Silos_of_one_data_folder_trust_each_other_and_nobody_else()
    {
        var dataFolder = DataFolder.At(folder.Combine("data"));
        var first = ClusterCertificates.Load(new ClusterTlsOptions(), dataFolder);
        var second = ClusterCertificates.Load(new ClusterTlsOptions(), dataFolder);
        var elsewhere = ClusterCertificates.Load(new ClusterTlsOptions(), DataFolder.At(folder.Combine("other")));

        Assert.NotEqual(first.Local.Thumbprint, second.Local.Thumbprint);
        Assert.True(first.IsTrusted(second.Local, presented: null));
        Assert.True(second.IsTrusted(first.Local, presented: null));
        Assert.False(first.IsTrusted(elsewhere.Local, presented: null));
        Assert.False(first.IsTrusted(TestCertificates.Leaf(TestCertificates.Authority("stranger"), "stranger"), presented: null));
        // The CA's own certificate is no silo's: only certificates it issued are, and the key never leaves the file.
        Assert.All(first.TrustedAuthorities, authority => Assert.False(authority.HasPrivateKey));
    }

    [Fact]
    public void A_self_signed_certificate_with_the_cluster_cas_name_is_not_trusted()
    {
        var members = ClusterCertificates.Load(new ClusterTlsOptions(), DataFolder.At(folder.Combine("data")));
        var impostor = ClusterCertificateAuthority.Create(members.TrustedAuthorities[0].GetNameInfo(X509NameType.SimpleName, false));

        Assert.False(members.IsTrusted(ClusterCertificateAuthority.Issue(impostor, "impostor"), presented: null));
    }

    [Fact]
    public void Configured_pem_files_with_a_separate_key_are_loaded()
    {
        var authority = TestCertificates.Authority("operator CA");
        var silo = TestCertificates.Leaf(authority, "silo-1");
        var options = new ClusterTlsOptions
        {
            CertificateFile = folder.File("silo.crt", silo.ExportCertificatePem()),
            KeyFile = folder.File("silo.key", silo.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()),
            CaCertificateFile = folder.File("ca.pem", TestCertificates.Pem(authority, includeKey: false)),
        };

        var certificates = ClusterCertificates.Load(options, DataFolder.At(folder.Combine("unused")));

        Assert.Equal(silo.Thumbprint, certificates.Local.Thumbprint);
        Assert.True(certificates.Local.HasPrivateKey);
        Assert.True(certificates.IsTrusted(TestCertificates.Leaf(authority, "silo-2"), presented: null));
        Assert.False(File.Exists(folder.Combine("unused", ClusterCertificateAuthority.FileName)));
    }

    [Fact]
    public void Configured_pkcs12_and_encrypted_pem_files_are_loaded_with_their_password()
    {
        var authority = TestCertificates.Authority("operator CA");
        var silo = TestCertificates.Leaf(authority, "silo-1");
        var ca = folder.File("ca.pem", TestCertificates.Pem(authority, includeKey: false));
        var pfx = folder.Combine("silo.pfx");
        File.WriteAllBytes(pfx, silo.Export(X509ContentType.Pkcs12, "s3cret"));
        var encryptedKey = silo.GetRSAPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("s3cret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
        var pem = folder.File("silo.pem", silo.ExportCertificatePem() + "\n" + encryptedKey + "\n");

        foreach (var file in new[] { pfx, pem })
        {
            var options = new ClusterTlsOptions { CertificateFile = file, CertificatePassword = "s3cret", CaCertificateFile = ca };
            Assert.Empty(ClusterCertificates.ProblemsLoading(options));
            Assert.Equal(silo.Thumbprint, ClusterCertificates.Load(options, DataFolder.At(folder.Path)).Local.Thumbprint);
        }

        var wrong = ClusterCertificates.ProblemsLoading(new ClusterTlsOptions { CertificateFile = pfx, CertificatePassword = "guess", CaCertificateFile = ca });
        Assert.Equal(nameof(ClusterTlsOptions.CertificateFile), Assert.Single(wrong).Setting);
    }

    [Fact]
    public void Unusable_files_are_named_by_their_setting()
    {
        var authority = TestCertificates.Authority("operator CA");
        var withoutKey = folder.File("silo.crt", TestCertificates.Leaf(authority, "silo").ExportCertificatePem());

        var problems = ClusterCertificates.ProblemsLoading(new ClusterTlsOptions
        {
            CertificateFile = withoutKey,
            CaCertificateFile = folder.File("empty.pem", "no certificate here"),
        });

        Assert.Equal([nameof(ClusterTlsOptions.CertificateFile), nameof(ClusterTlsOptions.CaCertificateFile)], problems.Select(problem => problem.Setting));
        Assert.Single(ClusterCertificates.ProblemsLoading(new ClusterTlsOptions
        {
            CertificateFile = folder.Combine("missing.pem"),
            CaCertificateFile = folder.File("ca.pem", TestCertificates.Pem(authority, includeKey: false)),
        }));
    }

    public void Dispose() => folder.Dispose();
}
