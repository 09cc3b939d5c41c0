using System.Net;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Silo.Cluster;
using AloeOrleans.Silo.Hosting;
using Orleans.Configuration;
using Xunit;
using SiloOptions = AloeOrleans.Silo.Hosting.SiloOptions;

namespace AloeOrleans.Tests.Hosting;

/// <summary>The cluster's ports: the client gateway closed by default, no plaintext listener beyond loopback unless opted out.</summary>
public sealed class SiloOptionsTests
{
    [Theory]
    // advertised, any address, TLS, opt-out → refused
    [InlineData("127.0.0.1", false, false, false, false)]
    [InlineData("127.0.0.5", false, false, false, false)]
    [InlineData("::1", false, false, false, false)]
    [InlineData("127.0.0.1", true, false, false, true)]
    [InlineData("10.0.0.5", false, false, false, true)]
    [InlineData("192.168.1.2", false, false, false, true)]
    [InlineData("fd00::5", false, false, false, true)]
    [InlineData("10.0.0.5", false, true, false, false)]
    [InlineData("127.0.0.1", true, true, false, false)]
    [InlineData("10.0.0.5", false, false, true, false)]
    [InlineData("127.0.0.1", true, false, true, false)]
    public void A_listener_beyond_loopback_needs_tls_or_the_explicit_opt_out(
        string advertised, bool anyAddress, bool tls, bool optOut, bool refused)
    {
        var options = new SiloOptions
        {
            AdvertisedIp = advertised,
            ListenOnAnyHostAddress = anyAddress,
            Tls = new ClusterTlsOptions { Enabled = tls, AllowPlaintextBeyondLoopback = optOut },
        };

        var failures = OptionRules.Check(options, SiloOptions.SectionName);

        if (refused)
        {
            var failure = Assert.Single(failures);
            Assert.Contains("Orleans:Tls:Enabled", failure, StringComparison.Ordinal);
            Assert.Contains("Orleans:Tls:AllowPlaintextBeyondLoopback=true", failure, StringComparison.Ordinal);
            Assert.Contains("Orleans:ListenOnAnyHostAddress", failure, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(failures);
        }
    }

    [Fact]
    public void The_client_gateway_is_closed_by_default_and_tls_is_on()
    {
        var options = new SiloOptions();
        var endpoints = new EndpointOptions();

        options.ApplyTo(endpoints);

        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.True(options.Tls.Enabled);
    }

    [Fact]
    public void Listening_on_every_address_keeps_a_closed_gateway_closed()
    {
        var endpoints = new EndpointOptions();

        new SiloOptions { ListenOnAnyHostAddress = true, SiloPort = 12000 }.ApplyTo(endpoints);

        Assert.Equal(new IPEndPoint(IPAddress.Any, 12000), endpoints.SiloListeningEndpoint);
        Assert.Null(endpoints.GatewayListeningEndpoint);
        Assert.Equal(0, endpoints.GatewayPort);
    }

    [Fact]
    public void An_open_gateway_must_not_share_the_silo_port()
    {
        Assert.Equal(["Orleans:GatewayPort must differ from SiloPort (or be 0, closed)."],
            OptionRules.Check(new SiloOptions { SiloPort = 12000, GatewayPort = 12000 }, SiloOptions.SectionName));
    }

    [Theory]
    [InlineData("/etc/aloe/silo.pem", null, "Orleans:Tls:CertificateFile, Orleans:Tls:CaCertificateFile must be set together")]
    [InlineData(null, "/etc/aloe/ca.pem", "Orleans:Tls:CertificateFile, Orleans:Tls:CaCertificateFile must be set together")]
    public void A_certificate_without_its_ca_or_a_ca_without_a_certificate_is_refused(string? certificate, string? authority, string expected)
    {
        var failure = Assert.Single(OptionRules.Check(
            new SiloOptions { Tls = new ClusterTlsOptions { CertificateFile = certificate, CaCertificateFile = authority } }, SiloOptions.SectionName));

        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_settings_do_not_matter_while_tls_is_off()
    {
        Assert.Empty(OptionRules.Check(
            new SiloOptions { Tls = new ClusterTlsOptions { Enabled = false, CertificateFile = "/nowhere" } }, SiloOptions.SectionName));
    }
}
