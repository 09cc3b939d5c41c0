using System.Net;
using System.Security.Claims;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.RateLimiting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace AloeOrleans.Tests.Gateway.RateLimiting;

public sealed class RateLimitPartitionerTests
{
    private static readonly JwtOptions Jwt = new();
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/HEALTH/live")]
    [InlineData("/health")]
    public void Health_endpoints_are_exempt(string path) =>
        Assert.Null(RateLimitPartitioner.KeyOf(new PathString(path), Verified("dev", "alice"), Client, Jwt));

    [Theory]
    [InlineData("/healthy")]
    [InlineData("/jobs/v2/health")]
    public void Only_the_health_segment_is_exempt(string path) =>
        Assert.NotNull(RateLimitPartitioner.KeyOf(new PathString(path), Verified("dev", "alice"), Client, Jwt));

    [Fact]
    public void A_verified_user_is_counted_as_tenant_and_user()
    {
        var key = RateLimitPartitioner.KeyOf(new PathString("/jobs/v2"), Verified("dev", "alice"), Client, Jwt);

        Assert.Equal(new RateLimitKey("dev", "alice"), key);
        Assert.True(key!.Value.IsUser);
    }

    [Fact]
    public void The_same_user_name_in_two_tenants_is_two_buckets() =>
        Assert.NotEqual(
            RateLimitPartitioner.KeyOf(new PathString("/jobs/v2"), Verified("dev", "alice"), Client, Jwt),
            RateLimitPartitioner.KeyOf(new PathString("/jobs/v2"), Verified("other", "alice"), Client, Jwt));

    [Fact]
    public void Claims_that_were_not_verified_count_against_the_address()
    {
        var unverified = new ClaimsPrincipal(new ClaimsIdentity([new Claim("tenant_id", "dev"), new Claim("sub", "alice")]));

        Assert.Equal(new RateLimitKey(null, "192.0.2.7"), RateLimitPartitioner.KeyOf(new PathString("/jobs/v2"), unverified, Client, Jwt));
    }

    [Fact]
    public void A_verified_token_without_a_user_counts_against_the_address() =>
        Assert.Equal(new RateLimitKey(null, "192.0.2.7"),
            RateLimitPartitioner.KeyOf(new PathString("/jobs/v2"), Verified("dev", null), Client, Jwt));

    [Fact]
    public void An_ipv4_address_seen_as_ipv6_is_the_same_client() =>
        Assert.Equal(new RateLimitKey(null, "192.0.2.7"),
            RateLimitPartitioner.KeyOf(new PathString("/jobs/v2"), new ClaimsPrincipal(), Client.MapToIPv6(), Jwt));

    [Fact]
    public void No_address_is_one_bucket_of_its_own() =>
        Assert.Equal(new RateLimitKey(null, "unknown"), RateLimitPartitioner.KeyOf(new PathString("/jobs/v2"), new ClaimsPrincipal(), null, Jwt));

    private static ClaimsPrincipal Verified(string tenant, string? user)
    {
        var claims = new List<Claim> { new("tenant_id", tenant) };
        if (user is not null)
        {
            claims.Add(new Claim("sub", user));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "Bearer"));
    }
}
