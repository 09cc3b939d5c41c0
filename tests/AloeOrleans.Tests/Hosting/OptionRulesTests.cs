using System.Reflection;
using AloeOrleans.Gateway;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Monitoring;
using AloeOrleans.Grains.Execution.Ssh;
using AloeOrleans.Grains.Jobs;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Queues;
using AloeOrleans.Grains.Revival;
using AloeOrleans.Grains.Security;
using AloeOrleans.Grains.Staging;
using AloeOrleans.Silo.Cluster;
using AloeOrleans.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Hosting;

/// <summary>Every options class is bound and checked at start, and a broken rule names its setting.</summary>
public sealed class OptionRulesTests
{
    private static readonly Assembly[] ProductAssemblies =
        [typeof(JobOptions).Assembly, typeof(GatewayOptions).Assembly, typeof(SiloOptions).Assembly];

    // The options classes as of this writing: the reflection that finds them for the other tests must see each one.
    private static readonly Type[] Covered =
    [
        typeof(PersistenceOptions), typeof(QueueDefaultsOptions), typeof(JobOptions), typeof(MonitoringOptions),
        typeof(SystemMonitorOptions), typeof(StagingOptions), typeof(ExecutionOptions), typeof(SshOptions),
        typeof(CatalogSeedOptions), typeof(SecurityOptions), typeof(GatewayOptions), typeof(JwtOptions),
        typeof(SiloOptions), typeof(ClusterTlsOptions), typeof(JobRevivalOptions), typeof(SmtpOptions), typeof(NotificationOptions),
    ];

    public static TheoryData<Type> OptionsClasses()
    {
        var data = new TheoryData<Type>();
        foreach (var type in ConfigurationOptionsTypes())
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OptionsClasses))]
    public void The_defaults_of_every_options_class_keep_its_rules(Type type)
    {
        Assert.Empty(OptionRules.Check(Activator.CreateInstance(type)!, SectionOf(type)));
    }

    [Fact]
    public void Every_options_class_with_a_section_is_registered_for_validation_at_start_or_nested_in_one_that_is()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Aloe"] = "Host=unused" });
        builder.AddAloeShutdown();
        builder.AddAloeSilo();
        builder.AddAloeGateway();
        var validated = builder.Services
            .Where(service => service.ServiceType.IsGenericType && service.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>)
                              && service.ImplementationInstance?.GetType() is { IsGenericType: true } implementation
                              && implementation.GetGenericTypeDefinition() == typeof(SectionRulesValidator<>))
            .Select(service => service.ServiceType.GetGenericArguments()[0])
            .ToHashSet();
        var nested = validated
            .SelectMany(type => type.GetProperties())
            .Where(property => property.IsDefined(typeof(NestedOptionsAttribute)))
            .Select(property => property.PropertyType)
            .ToHashSet();

        var unvalidated = ConfigurationOptionsTypes().Where(type => !validated.Contains(type) && !nested.Contains(type)).ToList();

        Assert.True(unvalidated.Count == 0, $"Options classes without start-up validation: {string.Join(", ", unvalidated.Select(type => type.Name))}");
    }

    [Fact]
    public void A_value_out_of_range_is_named_by_its_configuration_key()
    {
        var failures = OptionRules.Check(new SshOptions { MaxConnectionsPerSystem = 0 }, SshOptions.SectionName);

        Assert.Equal(["The field Aloe:Ssh:MaxConnectionsPerSystem must be between 1 and 1000."], failures);
    }

    [Fact]
    public void Nested_lists_and_dictionaries_are_checked_with_their_index_or_key_in_the_name()
    {
        var options = new MonitoringOptions
        {
            Steps = [new MonitoringStep { Count = 1, Interval = TimeSpan.FromSeconds(1) }, new MonitoringStep { Count = 0, Interval = TimeSpan.FromSeconds(1) }],
            StepsBySystem = { ["hpc"] = [new MonitoringStep { Count = 2, Interval = TimeSpan.Zero }] },
        };

        var failures = OptionRules.Check(options, MonitoringOptions.SectionName);

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, failure => failure.Contains("Aloe:Monitoring:Steps:1:Count", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.Contains("Aloe:Monitoring:StepsBySystem:hpc:0:Interval", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_across_properties_names_the_property_it_concerns()
    {
        var failures = OptionRules.Check(
            new SystemMonitorOptions { BatchQuietPeriod = TimeSpan.FromSeconds(2), BatchWindow = TimeSpan.FromSeconds(1) },
            SystemMonitorOptions.SectionName);

        Assert.Equal(["Aloe:Monitoring:Batching:BatchWindow must not be shorter than BatchQuietPeriod."], failures);
    }

    [Fact]
    public void A_bad_secret_is_named_but_never_quoted()
    {
        const string secret = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";

        var failures = OptionRules.Check(new SecurityOptions { CredentialKey = secret }, SecurityOptions.SectionName);

        var failure = Assert.Single(failures);
        Assert.Contains("Aloe:Security:CredentialKey", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Issuer")]
    [InlineData("Audience")]
    [InlineData("TenantClaim")]
    [InlineData("RolesClaim")]
    [InlineData("AdminRole")]
    public void Required_jwt_settings_may_not_be_blank(string property)
    {
        var options = new JwtOptions();
        typeof(JwtOptions).GetProperty(property)!.SetValue(options, " ");

        Assert.Equal([$"The Aloe:Jwt:{property} field is required."], OptionRules.Check(options, JwtOptions.SectionName));
    }

    [Fact]
    public void Parseable_values_are_checked_too()
    {
        Assert.Equal(["Aloe:Gateway:BaseUrl must be an absolute http(s) URL."],
            OptionRules.Check(new GatewayOptions { BaseUrl = "api.example.org/jobs" }, GatewayOptions.SectionName));
        Assert.Equal(["Orleans:AdvertisedIp must be an IP address."],
            OptionRules.Check(new SiloOptions { AdvertisedIp = "localhost" }, SiloOptions.SectionName)
                .Where(failure => failure.Contains("AdvertisedIp must", StringComparison.Ordinal)));
        Assert.Equal(["Aloe:Catalog:SeedFiles:1 must name a file."],
            OptionRules.Check(new CatalogSeedOptions { SeedFiles = ["a.json", " "] }, CatalogSeedOptions.SectionName));
    }

    [Fact]
    public void Registered_options_stop_the_start_through_the_host_validator()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Aloe:Queues:NumWorkers"] = "0" })
            .Build();
        services.AddValidatedOptions<QueueDefaultsOptions>(configuration, QueueDefaultsOptions.SectionName);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Aloe:Queues:NumWorkers", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The settings of the group commit, the start-up pace and grain collection (docs/configuration.md), at and past their edges.</summary>
    [Theory]
    [InlineData("Aloe:Persistence:GroupCommitMaxBatch", "1", true)]
    [InlineData("Aloe:Persistence:GroupCommitMaxBatch", "10000", true)]
    [InlineData("Aloe:Persistence:GroupCommitMaxBatch", "0", false)]
    [InlineData("Aloe:Persistence:GroupCommitMaxBatch", "10001", false)]
    [InlineData("Aloe:Persistence:GroupCommitMaxBatch", "-1", false)]
    [InlineData("Aloe:Persistence:GroupCommitMaxInFlight", "1", true)]
    [InlineData("Aloe:Persistence:GroupCommitMaxInFlight", "64", true)]
    [InlineData("Aloe:Persistence:GroupCommitMaxInFlight", "0", false)]
    [InlineData("Aloe:Persistence:GroupCommitMaxInFlight", "65", false)]
    [InlineData("Aloe:JobRevival:StartupWaitingResumesPerSecond", "0", true)]
    [InlineData("Aloe:JobRevival:StartupWaitingResumesPerSecond", "1000000", true)]
    [InlineData("Aloe:JobRevival:StartupWaitingResumesPerSecond", "-1", false)]
    [InlineData("Aloe:JobRevival:StartupWaitingResumesPerSecond", "1000001", false)]
    [InlineData("Orleans:GrainCollectionAge", "00:01:01", true)]
    [InlineData("Orleans:GrainCollectionAge", "7.00:00:00", true)]
    [InlineData("Orleans:GrainCollectionAge", "00:01:00", false)]
    [InlineData("Orleans:GrainCollectionAge", "7.00:00:01", false)]
    public void The_performance_settings_are_refused_at_start_outside_their_range(string key, string value, bool accepted)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        services.AddValidatedOptions<PersistenceOptions>(configuration, PersistenceOptions.SectionName);
        services.AddValidatedOptions<JobRevivalOptions>(configuration, JobRevivalOptions.SectionName);
        services.AddValidatedOptions<SiloOptions>(configuration, SiloOptions.SectionName);
        using var provider = services.BuildServiceProvider();
        var validator = provider.GetRequiredService<IStartupValidator>();

        if (accepted)
        {
            validator.Validate();
        }
        else
        {
            var error = Assert.Throws<OptionsValidationException>(validator.Validate);
            Assert.Contains($"The field {key} must be between", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The classes the configuration binds: public, with a public <c>SectionName</c> constant.</summary>
    private static IEnumerable<Type> ConfigurationOptionsTypes() =>
        ProductAssemblies
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => type.IsClass && !type.IsAbstract && type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .OrderBy(type => type.FullName, StringComparer.Ordinal);

    private static string SectionOf(Type type) => (string)type.GetField("SectionName")!.GetValue(null)!;

    [Fact]
    public void The_known_options_classes_are_all_found_by_their_section_constant()
    {
        Assert.Subset(ConfigurationOptionsTypes().ToHashSet(), Covered.ToHashSet());
    }
}
