using System.Text.Json.Nodes;
using AloeOrleans.Grains.Catalog;
using Xunit;

namespace AloeOrleans.Tests.Catalog;

/// <summary>
/// Every rule of a system body (parser and validator): the valid sample passes, each broken rule names its field. Bodies
/// are checked as a tenant admin's unless a test says the operator wrote them.
/// </summary>
public sealed class SystemDefinitionValidatorTests
{
    private static readonly Dictionary<string, (Action<JsonObject> Break, string Expected)> Broken = new()
    {
        ["id with a slash"] = (s => s["id"] = "a/b", "id: must be 1 to 64 characters"),
        ["id too long"] = (s => s["id"] = new string('a', 65), "id: must be 1 to 64 characters"),
        ["id missing"] = (s => s.Remove("id"), "id: is required"),
        ["unknown type"] = (s => s["type"] = "AUTH", "type: \"AUTH\" is not supported by Aloe; use one of EXECUTION, STORAGE"),
        ["unknown scheduler"] = (s => s["scheduler"] = "PBS", "scheduler: \"PBS\" is not supported by Aloe; use one of FORK, SLURM"),
        ["unknown field"] = (s => s["colour"] = "blue", "colour: is not a field of a system; allowed fields are"),
        ["unknown nested field"] = (s => s["login"]!["tunnel"] = "x", "login.tunnel: is not a field of a system's login"),
        ["a proxy"] = (s => s["login"]!["proxy"] = JsonNode.Parse("""{"host":"p"}"""), "login.proxy: must be null (Aloe connects to the host directly"),
        ["a mappedName"] = (s => s["queues"]![0]!["mappedName"] = "q", "queues[0].mappedName: must be null (Aloe submits to the scheduler queue called name"),
        ["a storage container"] = (s => s["storage"]!["container"] = "bucket", "storage.container: must be null"),
        ["environment as shell text"] = (s => s["environment"] = "export A=1", "environment: must be an object whose values are a string or an empty string"),
        ["status unknown"] = (s => s["status"] = "BROKEN", "status: \"BROKEN\" is not supported by Aloe; use one of UP, DOWN, MAINTENANCE, UNKNOWN"),
        ["site a number"] = (s => s["site"] = 1, "site: must be a string, got number 1"),
        ["public a string"] = (s => s["public"] = "true", "public: must be a boolean, got string \"true\""),
        ["queue description a number"] = (s => s["queues"]![0]!["description"] = 1, "queues[0].description: must be a string, got number 1"),
        ["storage mirror a string"] = (s => s["storage"]!["mirror"] = "no", "storage.mirror: must be a boolean"),
        ["string for a number"] = (s => s["login"]!["port"] = "22", "login.port: must be an integer, got string \"22\""),
        ["null value"] = (s => s["name"] = null, "name: must be a string, got null; omit the field"),
        ["storage missing"] = (s => s.Remove("storage"), "storage: is required"),
        ["login missing on EXECUTION"] = (s => s.Remove("login"), "login: is required for an EXECUTION system"),
        ["login protocol dropped"] = (s => s["login"]!["protocol"] = "GSISSH", "login.protocol: GSISSH is not supported by Aloe; use one of LOCAL, SSH"),
        ["login protocol unknown"] = (s => s["login"]!["protocol"] = "TELNET", "login.protocol: \"TELNET\" is not a protocol Aloe supports; use one of LOCAL, SSH"),
        ["storage protocol GRIDFTP"] = (s => s["storage"]!["protocol"] = "GRIDFTP", "storage.protocol: GRIDFTP is not supported by Aloe"),
        ["storage protocol S3"] = (s => s["storage"]!["protocol"] = "S3", "storage.protocol: S3 is not supported by Aloe"),
        ["storage protocol AZURE"] = (s => s["storage"]!["protocol"] = "AZURE", "storage.protocol: AZURE is not supported by Aloe"),
        ["SSH without host"] = (s => s["login"]!.AsObject().Remove("host"), "login.host: is required"),
        ["SSH without port"] = (s => s["login"]!.AsObject().Remove("port"), "login.port: is required for this protocol (1-65535"),
        ["SSH port too high"] = (s => s["login"]!["port"] = 70000, "login.port: must be between 1 and 65535, got 70000"),
        ["SSH without auth"] = (s => s["login"]!.AsObject().Remove("auth"), "login.auth: is required"),
        ["SSH without username"] = (s => s["login"]!["auth"]!.AsObject().Remove("username"), "login.auth.username: is required"),
        ["SSHKEYS without privateKey"] = (s => s["login"]!["auth"]!.AsObject().Remove("privateKey"), "login.auth.privateKey: is required when type is SSHKEYS"),
        ["PASSWORD without password"] = (s => s["storage"]!["auth"]!.AsObject().Remove("password"), "storage.auth.password: is required when type is PASSWORD"),
        ["unknown auth type"] = (s => s["login"]!["auth"]!["type"] = "X509", "login.auth.type: \"X509\" is not supported by Aloe; use one of SSHKEYS, PASSWORD"),
        ["SSH without fingerprint"] = (s => s["login"]!.AsObject().Remove("hostKeyFingerprint"), "login.hostKeyFingerprint: is required for SSH and SFTP"),
        ["SFTP without fingerprint"] = (s => s["storage"]!.AsObject().Remove("hostKeyFingerprint"), "storage.hostKeyFingerprint: is required for SSH and SFTP"),
        ["MD5 fingerprint"] = (s => s["login"]!["hostKeyFingerprint"] = "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", "login.hostKeyFingerprint: must be 'SHA256:'"),
        ["short fingerprint"] = (s => s["login"]!["hostKeyFingerprint"] = "SHA256:AAAA", "login.hostKeyFingerprint: must be 'SHA256:'"),
        ["SFTP without host"] = (s => s["storage"]!.AsObject().Remove("host"), "storage.host: is required"),
        ["negative maxJobs"] = (s => s["queues"]![0]!["maxJobs"] = -1, "queues[0].maxJobs: is -1; Aloe rejects negative limits; omit the field for no limit"),
        ["negative maxUserJobs"] = (s => s["queues"]![0]!["maxUserJobs"] = -2, "queues[0].maxUserJobs: is -2; Aloe rejects negative limits"),
        ["negative maxSystemJobs"] = (s => s["maxSystemJobs"] = -1, "maxSystemJobs: is -1; Aloe rejects negative limits; omit the field for no limit"),
        ["negative maxSystemJobsPerUser"] = (s => s["maxSystemJobsPerUser"] = -3, "maxSystemJobsPerUser: is -3; Aloe rejects negative limits"),
        ["maxSystemJobs not an integer"] = (s => s["maxSystemJobs"] = 2.5, "maxSystemJobs: must be an integer"),
        ["maxSystemJobs beyond 32 bits"] = (s => s["maxSystemJobs"] = 10_000_000_000L, "maxSystemJobs: must be an integer"),
        ["maxSystemJobsPerUser a string"] = (s => s["maxSystemJobsPerUser"] = "2; rm -rf /", "maxSystemJobsPerUser: must be an integer"),
        ["negative maxNodes"] = (s => s["queues"]![1]!["maxNodes"] = -1, "queues[1].maxNodes: is -1; Aloe rejects negative limits"),
        ["negative maxProcessorsPerNode"] = (s => s["queues"]![0]!["maxProcessorsPerNode"] = -1, "queues[0].maxProcessorsPerNode: is -1; Aloe rejects negative limits"),
        ["negative maxMemoryPerNode"] = (s => s["queues"]![0]!["maxMemoryPerNode"] = -0.5, "queues[0].maxMemoryPerNode: is -0.5; Aloe rejects negative limits"),
        ["bad maxRequestedTime"] = (s => s["queues"]![0]!["maxRequestedTime"] = "2 days", "queues[0].maxRequestedTime: must be HH:mm:ss"),
        ["duplicate queue names"] = (s => s["queues"]![1]!["name"] = "normal", "queues[1].name: \"normal\" is used by another queue"),
        ["two default queues"] = (s => s["queues"]![1]!["default"] = true, "queues: at most one queue may be the default, got normal, debug"),
        ["queue without name"] = (s => s["queues"]![1]!.AsObject().Remove("name"), "queues[1].name: is required"),
        ["bad environment name"] = (s => s["environment"]!["A B"] = "x", "environment.A B: is not a valid environment variable name"),
        ["default EXECUTION"] = (s => s["default"] = true, "default: only a STORAGE system can be the tenant's default"),
        ["LOCAL login from a tenant admin"] = (s => s["login"] = JsonNode.Parse("""{"protocol":"LOCAL"}"""), "login.protocol: LOCAL is refused through /systems/v2"),
        ["LOCAL storage from a tenant admin"] = (s => s["storage"] = JsonNode.Parse("""{"protocol":"LOCAL","rootDir":"systems/mine"}"""), "storage.protocol: LOCAL is refused through /systems/v2"),
        ["shared path with .."] = (s => s["sharedPaths"] = new JsonArray("reference/../../etc"), "sharedPaths[0]: must be a folder under the system's root, but it contains a '..' segment"),
        ["shared path with a control character"] = (s => s["sharedPaths"] = new JsonArray("ref\nerence"), "sharedPaths[0]: must be a folder under the system's root, but it contains control characters"),
        ["shared root /"] = (s => s["sharedPaths"] = new JsonArray("ok", "/"), "sharedPaths[1]: \"/\" is the whole root of the system"),
        ["shared root empty"] = (s => s["sharedPaths"] = new JsonArray(""), "sharedPaths[0]: \"\" is the whole root of the system"),
        ["shared root ."] = (s => s["sharedPaths"] = new JsonArray("./"), "sharedPaths[0]: \"./\" is the whole root of the system"),
        ["shared work dir"] = (s => s["sharedPaths"] = new JsonArray("work/dev"), "sharedPaths[0]: \"work/dev\" is in or holds the work dir \"work\""),
        ["shared folder holding the work dir"] = (s => { s["workDir"] = "scratch/work"; s["sharedPaths"] = new JsonArray("/scratch"); }, "sharedPaths[0]: \"/scratch\" is in or holds the work dir"),
        ["shared paths not strings"] = (s => s["sharedPaths"] = new JsonArray(1), "sharedPaths[0]: must be a string"),
        ["SFTP relative rootDir"] = (s => s["storage"]!["rootDir"] = "scratch/aloe", "storage.rootDir: an SFTP system's rootDir must be an absolute path on the remote host"),
        ["SFTP rootDir with .."] = (s => s["storage"]!["rootDir"] = "/home/../etc", "storage.rootDir: an SFTP system's rootDir must be an absolute path on the remote host"),
        ["HTTP without host"] = (s => s["storage"] = JsonNode.Parse("""{"protocol":"HTTPS"}"""), "storage.host: is required"),
    };

    public static TheoryData<string> BrokenCases() => [.. Broken.Keys];

    [Fact]
    public void The_sample_SSH_Slurm_system_is_valid()
    {
        var (system, errors) = Check(CatalogBodies.SshSlurmSystem());

        Assert.Empty(errors);
        Assert.Equal(SchedulerKind.SLURM, system!.Scheduler);
        Assert.Equal(CatalogBodies.Fingerprint, system.Login!.HostKeyFingerprint);
        Assert.Equal(CatalogBodies.PrivateKey, system.Login.Auth!.PrivateKey);
        Assert.Equal(10, system.Queues[0].MaxJobs);
        Assert.Equal(int.MaxValue, system.Queues[1].MaxJobs);
    }

    [Fact]
    public void System_wide_job_limits_are_read_and_default_to_no_limit()
    {
        var body = CatalogBodies.SshSlurmSystem();
        var (unlimited, _) = Check(body);
        body["maxSystemJobs"] = 20;
        body["maxSystemJobsPerUser"] = 0;

        var (limited, errors) = Check(body);

        Assert.Empty(errors);
        Assert.Equal((int.MaxValue, int.MaxValue), (unlimited!.MaxSystemJobs, unlimited.MaxSystemJobsPerUser));
        Assert.Equal((20, 0), (limited!.MaxSystemJobs, limited.MaxSystemJobsPerUser));
    }

    [Theory]
    [InlineData("LOCAL", "FORK")]
    [InlineData("LOCAL", "SLURM")]
    public void Operator_local_execution_systems_need_no_host_or_credentials(string protocol, string scheduler)
    {
        var body = LocalExecution(scheduler, protocol);

        Assert.Empty(Check(body, SystemAuthor.Operator).Errors);
    }

    [Fact]
    public void A_tenant_admin_may_not_define_a_local_execution_system()
    {
        var errors = Check(LocalExecution("FORK"), SystemAuthor.TenantAdmin).Errors;

        Assert.Equal(["login.protocol", "storage.protocol"], errors.Select(error => error.Field));
        Assert.Contains("LOCAL systems come only from the operator's seed catalog files", errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("systems/local-storage")]
    [InlineData("/etc")]
    public void A_tenant_admin_may_not_define_local_storage_whatever_its_root(string rootDir)
    {
        var error = Assert.Single(Check(CatalogBodies.LocalStorage("mine", rootDir), SystemAuthor.TenantAdmin).Errors);

        Assert.Equal("storage.protocol", error.Field);
        Assert.StartsWith("storage.protocol: LOCAL is refused through /systems/v2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/aloe/tenant-a")]
    [InlineData("a/../../b")]
    public void The_operators_local_roots_are_left_to_the_seeders_root_rules(string rootDir)
    {
        // Where a LOCAL root may lie depends on the data folder and every other root: LocalRootRules decides, at seeding.
        Assert.Empty(Check(CatalogBodies.LocalStorage("mine", rootDir), SystemAuthor.Operator).Errors);
    }

    [Fact]
    public void Shared_paths_under_the_root_are_accepted_and_kept()
    {
        var body = CatalogBodies.SshSlurmSystem();
        body["sharedPaths"] = new JsonArray("reference", "/projects/shared/", "work2", "a/./b");

        var (system, errors) = Check(body);

        Assert.Empty(errors);
        Assert.Equal(["reference", "/projects/shared/", "work2", "a/./b"], system!.SharedPaths);
    }

    [Fact]
    public void Operator_defined_cannot_be_claimed_by_a_body()
    {
        var body = CatalogBodies.Storage();
        body["operatorDefined"] = true;

        var (system, errors) = Check(body);

        Assert.Empty(errors);
        Assert.False(system!.OperatorDefined);
    }

    [Theory]
    [InlineData("""{"protocol":"FTP","host":"ftp.example.org"}""")]
    [InlineData("""{"protocol":"HTTP","host":"files.example.org","port":8080}""")]
    [InlineData("""{"protocol":"IRODS4","host":"irods.example.org","port":1247}""")]
    [InlineData("""{"protocol":"SFTP","host":"h","port":2222,"hostKeyFingerprint":"SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","auth":{"username":"u","type":"PASSWORD","password":"p"}}""")]
    public void Other_storage_protocols_are_accepted(string storage)
    {
        var body = CatalogBodies.Storage();
        body["storage"] = JsonNode.Parse(storage);

        Assert.Empty(Check(body).Errors);
    }

    [Fact]
    public void A_storage_system_may_be_the_default()
    {
        var body = CatalogBodies.Storage();
        body["default"] = true;

        Assert.Empty(Check(body).Errors);
    }

    [Fact]
    public void Zero_limits_and_omitted_limits_are_accepted()
    {
        var body = CatalogBodies.SshSlurmSystem();
        body["queues"]![0]!["maxJobs"] = 0;

        Assert.Empty(Check(body).Errors);
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public void Each_broken_rule_is_reported_with_its_field(string name)
    {
        var body = CatalogBodies.SshSlurmSystem();
        var (breakIt, expected) = Broken[name];
        breakIt(body);

        var errors = Check(body).Errors;

        Assert.Contains(errors, error => error.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var body = CatalogBodies.SshSlurmSystem();
        body["queues"]![0]!["maxJobs"] = -1;
        body["login"]!["port"] = 0;
        body["login"]!.AsObject().Remove("hostKeyFingerprint");

        Assert.Equal(3, Check(body).Errors.Count);
    }

    [Fact]
    public void Duplicate_fields_and_bad_json_are_rejected()
    {
        Assert.Contains("more than once", ParseErrors("""{"id":"a","id":"b","type":"STORAGE","storage":{"protocol":"LOCAL"}}"""), StringComparison.Ordinal);
        Assert.Contains("body: is not valid JSON", ParseErrors("""{"id":"""), StringComparison.Ordinal);
        Assert.Contains("body: must be an object", ParseErrors("[]"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_route_id_fills_a_missing_id_and_must_match_a_given_one()
    {
        var body = CatalogBodies.Storage("store");
        Assert.Equal("store", CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(body), "store").Value!.Id);

        var mismatch = CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(body), "other");
        Assert.Contains("id: is \"store\" but the URL names \"other\"", CatalogError.Join(mismatch.Errors), StringComparison.Ordinal);

        body.Remove("id");
        Assert.Equal("other", CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(body), "other").Value!.Id);
    }

    [Fact]
    public void The_output_links_may_be_sent_back()
    {
        var body = CatalogBodies.Storage();
        body["_links"] = JsonNode.Parse("""{"self":{"href":"http://x/systems/v2/store"}}""");

        Assert.Empty(Check(body).Errors);
    }

    private static string ParseErrors(string json) =>
        CatalogError.Join(CatalogBodyParser.ParseSystem(System.Text.Encoding.UTF8.GetBytes(json)).Errors);

    private static (SystemDefinition? System, IReadOnlyList<CatalogError> Errors) Check(JsonObject body, SystemAuthor author = SystemAuthor.TenantAdmin)
    {
        var parsed = CatalogBodyParser.ParseSystem(CatalogBodies.Bytes(body));
        return parsed.IsValid ? (parsed.Value, SystemDefinitionValidator.Validate(parsed.Value!, author)) : (null, parsed.Errors);
    }

    private static JsonObject LocalExecution(string scheduler, string protocol = "LOCAL") => JsonNode.Parse($$"""
        {"id":"here","type":"EXECUTION","scheduler":"{{scheduler}}","login":{"protocol":"{{protocol}}"},
         "storage":{"protocol":"LOCAL","rootDir":"systems/here"} }
        """)!.AsObject();
}
